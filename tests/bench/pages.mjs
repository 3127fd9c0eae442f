// The two pages the benchmark compares, by the names they record (User Timing)
// and where they start: the console (src/perf.rs) and the vanilla reference
// page (tests/bench/vanilla.html). In one place because bench.mjs, ab.mjs and
// returning.mjs all read them, and a rename on either side must change them
// all at once.

export const APP = {
  name: 'app',
  /** The page to open, from the server's URL (no trailing slash). */
  url: (base) => `${base}/#/environments`,
  marks: {
    list: 'einvoicing:environments-list-rendered',
    validate: 'einvoicing:validate-environment',
    payload: 'einvoicing:publish-payload',
    // Reading the stored draft at start: localStorage.getItem, the JSON,
    // every value re-validated through its constructor, integrity (src/app.rs).
    read: 'einvoicing:load-workspace',
  },
};

export const VANILLA = {
  name: 'vanilla',
  url: (base) => `${base}/`,
  marks: {
    list: 'vanilla:environments-list-rendered',
    validate: 'vanilla:validate-environment',
    payload: 'vanilla:publish-payload',
    // The same steps as the console's read: localStorage.getItem, JSON.parse,
    // every User ID and email validated (uniqueness included).
    read: 'vanilla:read-workspace',
    // That check of every user alone, after JSON.parse (inside the read).
    check: 'vanilla:validate-workspace',
  },
};
