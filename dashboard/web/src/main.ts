/**
 * The dashboard page: hash routes to pages, the wallet corner, one `accountChanged`
 * subscription that keeps whichever page is open up to date (patched at once where a page
 * knows how, then reloaded, debounced).
 */
import { h, fill } from "./dom";
import { ACCOUNT_CHANGED, subscribe, type AccountChange } from "./graphql";
import { StatusLine, type PageContext, type PageFactory, type PageView } from "./page";
import { developerPage } from "./pages/developer";
import { epochsPage } from "./pages/epochs";
import { nodePage, nodesPage } from "./pages/nodes";
import { overviewPage } from "./pages/overview";
import { proposalsPage } from "./pages/proposals";
import { Session, describeError, type PageConfig } from "./session";
import { walletPanel } from "./wallet-panel";

const ROUTES: { path: string; label: string; page: PageFactory; detail?: PageFactory }[] = [
  { path: "", label: "Overview", page: overviewPage },
  { path: "nodes", label: "Nodes", page: nodesPage, detail: nodePage },
  { path: "developer", label: "Developer", page: developerPage },
  { path: "epochs", label: "Epochs", page: epochsPage },
  { path: "proposals", label: "Governance", page: proposalsPage },
];

/** Changes arriving closer together than this reload the page once. */
const REFRESH_DEBOUNCE_MS = 300;

async function start(): Promise<void> {
  const config = (await (await fetch("/config.json")).json()) as PageConfig;
  const session = new Session(config);
  const status = new StatusLine();
  const ctx: PageContext = { session, status };
  const wallet = walletPanel(session);
  const live = h("span", { class: "live off", "data-testid": "live" }, "connecting");
  const nav = h("nav", {}, ROUTES.map((r) => h("a", { href: `#/${r.path}`, "data-route": r.path }, r.label)));
  const main = h("main", { "data-testid": "page" });
  document.body.replaceChildren(
    h("header", {}, h("a", { class: "brand", href: "#/" }, "Synq"), nav, live, wallet.element),
    status.element,
    main,
    h("footer", {}, `RPC ${config.rpcUrl} · GraphQL ${config.graphqlUrl}`),
  );

  let current: PageView | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const load = async (page: PageView): Promise<void> => {
    try {
      await page.refresh();
      // Only the page on screen: a slower earlier one must not mark a newer one loaded.
      if (page === current) main.setAttribute("data-loaded", "true");
    } catch (err) {
      if (page === current) status.show(`could not load the page: ${describeError(err)}`, "error");
    }
  };
  const route = (): void => {
    const [path = "", ...params] = window.location.hash.replace(/^#\/?/, "").split("/").filter((p, i) => i === 0 || p !== "");
    const entry = ROUTES.find((r) => r.path === path) ?? ROUTES[0]!;
    const factory = params.length > 0 && entry.detail !== undefined ? entry.detail : entry.page;
    for (const link of nav.querySelectorAll("a")) link.classList.toggle("active", link.dataset.route === entry.path);
    main.removeAttribute("data-loaded");
    // The last action's outcome belongs to the page it was taken on.
    status.show("", "ok");
    current = factory(ctx, params.map(decodeURIComponent));
    fill(main, current.element);
    void load(current);
  };
  window.addEventListener("hashchange", route);
  session.onWalletChange(() => current !== undefined && void load(current));
  route();

  subscribe<{ accountChanged: AccountChange }>(
    ACCOUNT_CHANGED,
    {},
    ({ accountChanged }) => {
      const page = current;
      page?.onChange?.(accountChanged);
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (page !== undefined && page === current) void load(page);
        void wallet.refresh().catch(() => undefined);
      }, REFRESH_DEBOUNCE_MS);
    },
    (on) => {
      live.textContent = on ? "live" : "reconnecting";
      live.className = `live ${on ? "on" : "off"}`;
    },
  );
}

start().catch((err: unknown) => {
  document.body.textContent = `The dashboard could not start: ${describeError(err)}`;
});
