/** The environment variable through which global setup hands the demo's URL to the test workers. */
export const BASE_URL_ENV = 'MESHCALL_E2E_BASE_URL';
