// jsdom lacks what React Router and Ant Design use; these stand-ins are enough for component tests.
const { TextDecoder, TextEncoder } = require('node:util');

// React's scheduler posts through a MessageChannel; a timer-backed one keeps jest's loop free.
class MessageChannel {
  constructor() {
    this.port1 = { onmessage: null, close() {} };
    this.port2 = { postMessage: (data) => setTimeout(() => this.port1.onmessage?.({ data }), 0), close() {} };
  }
}
Object.assign(globalThis, { TextEncoder, TextDecoder, MessageChannel });
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});
globalThis.ResizeObserver = class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

// findBy…/waitFor wait up to 5 s instead of 1 s: Ant Design in jsdom renders slowly when CI runs two
// suites on two cores (a liveness bound, not a speed assertion — an element that never comes still fails).
require('@testing-library/react').configure({ asyncUtilTimeout: 5000 });
