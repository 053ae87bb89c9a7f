// A short sound with each confirmed tap, made with Web Audio (no sound file to ship): one
// high tone for a check-in or out, two low ones for a card the station does not know.
let context: AudioContext | null = null;

function tone(audio: AudioContext, frequency: number, startS: number, lengthS: number): void {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = frequency;
  // A quick fade in and out: a bare square edge clicks on classroom speakers.
  gain.gain.setValueAtTime(0, audio.currentTime + startS);
  gain.gain.linearRampToValueAtTime(0.3, audio.currentTime + startS + 0.01);
  gain.gain.linearRampToValueAtTime(0, audio.currentTime + startS + lengthS);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(audio.currentTime + startS);
  oscillator.stop(audio.currentTime + startS + lengthS);
}

export function playTapSound(kind: 'ok' | 'unknown'): void {
  try {
    context ??= new AudioContext();
    // Browsers start a context suspended until the page has had a user gesture; a tap that
    // arrives before any gesture stays silent rather than failing.
    void context.resume().catch(() => undefined);
    if (kind === 'ok') tone(context, 1320, 0, 0.15);
    else {
      tone(context, 440, 0, 0.15);
      tone(context, 330, 0.2, 0.2);
    }
  } catch {
    // No audio device: the screen still confirms.
  }
}
