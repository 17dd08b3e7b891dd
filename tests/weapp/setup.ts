// Runs before each weapp test file (jest setupFiles): a jsdom document for miniprogram-simulate,
// whose j-component renders the exparser tree into real DOM nodes.
import globalJsdom from 'global-jsdom';

globalJsdom(undefined, { url: 'https://servicewechat.com/wx-test/devtools/page-frame.html' });
// Node 20 has its own Event and CustomEvent; jsdom's dispatchEvent refuses them ("parameter 1 is
// not of type 'Event'"), and j-component builds its events with the global constructors.
const win = globalThis.window as unknown as typeof globalThis;
globalThis.Event = win.Event;
globalThis.CustomEvent = win.CustomEvent;
