import { expect, it } from 'vitest';

it('connects two RTCPeerConnections on loopback', async () => {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  a.createDataChannel('x');
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  await new Promise<void>((resolve) => {
    const check = () => a.connectionState === 'connected' && resolve();
    a.onconnectionstatechange = check;
    check();
  });
  expect(a.connectionState).toBe('connected');
  a.close();
  b.close();
});
