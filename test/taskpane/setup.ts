// Minimal browser APIs Fluent UI v9 reads that jsdom lacks. Import first in each task-pane test file.
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

if (typeof window !== "undefined") {
  if (!window.matchMedia) {
    window.matchMedia = (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (!("ResizeObserver" in window)) {
    class ResizeObserverStub {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    (window as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
  }
}

// Testing Library only cleans up by itself when test globals are on; they are off here.
afterEach(() => cleanup());

/**
 * jsdom does no layout, so Fluent's focus manager (tabster) sees every element
 * as invisible: Tab goes nowhere and an open Dialog is marked aria-hidden. Here
 * elements count as laid out unless they or an ancestor are `hidden` or
 * `display: none`. Installed for every test file that imports this setup.
 */
function installLayoutShim(): void {
  const laidOut = (element: HTMLElement | null): boolean =>
    !element ||
    (!element.hidden &&
      window.getComputedStyle(element).display !== "none" &&
      laidOut(element.parentElement));
  Object.defineProperty(HTMLElement.prototype, "offsetParent", {
    configurable: true,
    get(this: HTMLElement): Element | null {
      return laidOut(this) ? this.parentElement : null;
    },
  });
  document.body.getBoundingClientRect = () =>
    ({ x: 0, y: 0, top: 0, left: 0, right: 320, bottom: 800, width: 320, height: 800 }) as DOMRect;
}

if (typeof window !== "undefined") installLayoutShim();
