// The demo site's organiser (单位管理员): the sixth learner of the demo roster — the last card
// the demo station's simulated reader offers — unlocks class management with this PIN. The
// demo hub publishes it (hub/demo/roster.ts) and the demo station's door names it, so a
// newcomer can try the class screen. A real site's organisers get their PINs from the hub.
export const DEMO_ORGANISER_PIN = '246810';
export const DEMO_ORGANISER_INDEX = 5;
