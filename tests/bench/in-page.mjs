// What the benchmark runs inside the pages (bench.mjs passes these functions
// to page.evaluate, so each must stand alone: no imports, no closures over
// this module): the timed operations, and the count of the document's nodes
// by kind. Kept apart from the Node side so that what runs in the browser is
// read in one place.

/**
 * Installed in each page once it has started (never during start-up): the
 * timed operations. `time` dispatches the action, then waits for frames until
 * `done()` holds after a paint, and returns the elapsed performance.now()
 * milliseconds. The frame pattern: requestAnimationFrame(() => setTimeout(…))
 * runs after that frame's style, layout and paint.
 */
export function installHelpers(align) {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const rows = () => [...document.querySelectorAll('table[aria-label="Users"] tbody tr')];
  const firstCell = () => rows()[0]?.querySelector('td')?.textContent.trim() ?? null;
  const setValue = (selector, value) => {
    const input = document.querySelector(selector);
    if (!input) throw new Error(`no ${selector} on the page`);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const time = (action, done, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      let t0;
      const check = () => {
        let ok = false;
        try { ok = done(); } catch { ok = false; }
        if (ok) resolve(performance.now() - t0);
        else if (performance.now() - t0 > timeoutMs) reject(new Error(`not painted after ${timeoutMs} ms`));
        else requestAnimationFrame(() => setTimeout(check, 0));
      };
      const start = () => {
        t0 = performance.now();
        try { action(); } catch (err) { reject(err); return; }
      };
      if (align === 'frame') {
        // At the start of a frame: the action's work and the rendering it
        // causes land in this frame; the clock stops after its paint.
        requestAnimationFrame(() => { start(); setTimeout(check, 0); });
      } else {
        // Whenever: the clock also runs while waiting for the next frame.
        start();
        requestAnimationFrame(() => setTimeout(check, 0));
      }
    });
  window.bench = {
    frame,
    rows,
    firstCell,
    setValue,
    /** A few frames and a pause: the previous operation's follow-up work is done. */
    async settle() {
      for (let i = 0; i < 3; i++) await frame();
      await new Promise((r) => setTimeout(r, 150));
      await frame();
    },
    open(name, expectFirst, expectRows) {
      return time(
        () => {
          const button = [...document.querySelectorAll('table[aria-label="Service environments"] button')]
            .find((b) => b.textContent.trim() === name);
          if (!button) throw new Error(`no ${name} in the Service environments table`);
          button.click();
        },
        () => rows().length === expectRows && firstCell() === expectFirst,
      );
    },
    filter(text, expectFirst, expectRows) {
      return time(() => setValue('#users-filter', text), () => rows().length === expectRows && firstCell() === expectFirst);
    },
    type(selector, value) {
      return time(() => setValue(selector, value), () => true);
    },
    add(expectTitle) {
      return time(
        () => {
          const button = document.querySelector('form[aria-label="Add a user"] button[type="submit"]');
          if (!button) throw new Error('no Add button');
          button.click();
        },
        () => document.getElementById('users-title')?.textContent.trim() === expectTitle,
      );
    },
    measures(name) {
      return performance.getEntriesByName(name, 'measure').map((m) => m.duration);
    },
    mark(name) {
      return performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
    },
  };
}

/**
 * The document's nodes by kind (a TreeWalker over the whole document):
 * elements, text nodes holding more than white space, white-space-only text
 * nodes and comments. CDP's `Nodes` metric counts every node the renderer
 * holds; this says what they are: the console (Leptos) leaves an empty
 * comment as a marker where a view may change, the vanilla page none.
 */
export function domCounts() {
  const counts = { elements: 0, text: 0, blankText: 0, comments: 0 };
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) counts.elements += 1;
    else if (node.nodeType === Node.TEXT_NODE) {
      if (node.data.trim()) counts.text += 1;
      else counts.blankText += 1;
    } else if (node.nodeType === Node.COMMENT_NODE) counts.comments += 1;
  }
  return counts;
}
