// Study-time events. While a study screen is open, the page tells the backend
// when the person acts: right away, then at most every 30 s, and only if
// there was keyboard, mouse or scroll input since the last report. The
// backend measures the time between events and drops gaps over 2 minutes;
// the page never reports a duration.

import { api } from './api.js';

const BEAT_MS = 30000;
let kind = null;
let timer = null;
let active = false;

function onInput() {
  active = true;
}

function beat() {
  if (!kind || !active) return;
  active = false;
  api.studyEvent(kind).catch(() => {
    /* a missed heartbeat only loses time */
  });
}

/** Starts reporting activity of `what` ('practice' / 'library'); returns a stop function. */
export function trackStudy(what) {
  stopStudy();
  kind = what;
  active = true;
  beat();
  for (const ev of ['keydown', 'mousedown', 'wheel', 'touchstart']) {
    document.addEventListener(ev, onInput, { passive: true });
  }
  timer = setInterval(beat, BEAT_MS);
  return stopStudy;
}

export function stopStudy() {
  if (timer) clearInterval(timer);
  timer = null;
  kind = null;
  for (const ev of ['keydown', 'mousedown', 'wheel', 'touchstart']) {
    document.removeEventListener(ev, onInput);
  }
}
