import type { Ref } from 'react';
import { Icon, type IconName } from './icons.js';

/**
 * A large labelled action button (accept, decline, cancel) of the incoming-call dialog and the calling
 * screen. A plain function rather than a component, so `ref` reaches the `<button>` on React 18 too.
 */
export function actionButton(
  tone: 'accept' | 'neutral' | 'danger',
  icon: IconName,
  label: string,
  onClick: () => void,
  ref?: Ref<HTMLButtonElement>,
) {
  return (
    <button ref={ref} type="button" className={`meshcall-action meshcall-action--${tone}`} onClick={onClick}>
      <span className="meshcall-action__icon">
        <Icon name={icon} />
      </span>
      <span className="meshcall-action__label">{label}</span>
    </button>
  );
}
