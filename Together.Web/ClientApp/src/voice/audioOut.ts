// Remote voices play in <audio> elements made while the join click is being handled, so no browser's autoplay
// policy can silence them (Safari unlocks each element only inside a gesture). Kept small and outside the
// lazily loaded call code: the elements must exist before that code arrives.

const poolSize = 8;
let pool: HTMLAudioElement[] = [];

function unlocked(): HTMLAudioElement {
  const element = new Audio();
  element.autoplay = true;
  element.play().catch(() => {
    // Nothing to play yet; the call inside the gesture is what unlocks the element.
  });
  return element;
}

/** Called synchronously from the join click. */
export function prepareAudioOut(): void {
  while (pool.length < poolSize) pool.push(unlocked());
}

/** An element for one remote stream: an unlocked one while they last. */
export function takeAudioElement(): HTMLAudioElement {
  return pool.pop() ?? unlocked();
}

export function releaseAudioElement(element: HTMLAudioElement): void {
  element.srcObject = null;
  if (pool.length < poolSize) pool.push(element);
}

export function clearAudioOut(): void {
  pool = [];
}
