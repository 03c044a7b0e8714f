// Starts the app. Kept out of index.html so the CSP needs no inline script. `cargo xtask dist`
// fills in the hashed names and minifies it.
import init from "./{{js}}";

// Requests sent while nobody has pressed a key, clicked or touched the screen for a minute (sync
// polling, retries, refreshes) are the app's own, not the person's: marked so, they do not keep
// the session open (server/src/session.rs). Every request the app makes goes through `fetch`.
let lastInput = Date.now();
for (const type of ["keydown", "pointerdown"]) addEventListener(type, () => (lastInput = Date.now()), true);
const send = fetch;
window.fetch = (input, init) => {
  if (Date.now() - lastInput < 60_000) return send(input, init);
  const request = new Request(input, init);
  request.headers.set("x-touchstone-background", "1");
  return send(request);
};

// The server may have drawn this page already (server/src/first_paint.rs). On home it also says
// who is signed in: the app starts as that person, as after a sign-in on this device, unless a
// sign-out made offline has not reached the server yet. (Keys as in app/src/state.rs.)
const account = document.getElementById("ts-account");
try {
  if (account && !localStorage.getItem("touchstone.sign_out_pending")) {
    localStorage.setItem("touchstone.user", account.textContent);
  }
} catch {
  // No storage (a locked-down browser): the app asks the server instead.
}

// A drawn page shows with the HTML and CSS alone, and the server leaves out the WASM's preload
// for it: the module is fetched once the page has been shown (its first contentful paint), so on
// a slow connection it does not take the stylesheet's bandwidth. Taking over sooner would also
// replace the page before the browser had reported showing it. (A hidden tab is never painted:
// there, and should no paint be reported within a second, the app starts anyway.)
if (document.querySelector("[data-first-paint]") && document.visibilityState === "visible") {
  await new Promise((shown) => {
    setTimeout(shown, 1000);
    if (PerformanceObserver.supportedEntryTypes?.includes("paint")) {
      new PerformanceObserver((list) => {
        if (list.getEntriesByName("first-contentful-paint").length) shown();
      }).observe({ type: "paint", buffered: true });
    } else {
      requestAnimationFrame(() => setTimeout(shown));
    }
  });
}

// The whole stylesheet: index.html links only the first load's part (see xtask/src/css.rs). It
// comes beside the WASM, and the app starts once both are in, so no page is drawn without it.
const styled = new Promise((loaded) => {
  const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href: "/{{css_all}}" });
  link.onload = link.onerror = loaded;
  document.head.append(link);
});
const wasm = fetch("/{{wasm}}");
await styled;
await init({ module_or_path: wasm });

// The app has now drawn the page too, in the same task, so nothing has been painted since. Drop
// "Loading…", or the server's copy after taking what was typed into it and where the focus was.
document.getElementById("loading")?.remove();
// The focused element is found again in the app's copy by what it is: its tag, id, address and
// words (a skip link or a navigation link has no id).
const focused = document.activeElement?.closest("[data-first-paint]") ? document.activeElement : null;
const same = (element) => ["id", "href", "type"].every((a) => element.getAttribute(a) === focused.getAttribute(a))
  && element.textContent === focused.textContent;
const typed = [...document.querySelectorAll("[data-first-paint] input")].map((input) => [input.id, input.value]);
document.querySelectorAll("[data-first-paint]").forEach((element) => element.remove());
for (const [id, value] of typed) {
  const input = value && document.getElementById(id);
  if (input) {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
}
if (focused) [...document.querySelectorAll(focused.tagName)].find(same)?.focus();
