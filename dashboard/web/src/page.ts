/** What every page is: an element, a way to load its data again, and the shared context. */
import { h } from "./dom";
import { describeError, type Session } from "./session";
import type { AccountChange } from "./graphql";

export interface PageView {
  element: HTMLElement;
  /** Loads what the page shows (again): called once, then on live changes. */
  refresh(): Promise<void>;
  /** Called for each account change before the (debounced) refresh, for instant updates. */
  onChange?(change: AccountChange): void;
}

/** The status line: what an action is doing, did, or why it failed. */
export class StatusLine {
  readonly element = h("div", { class: "status", "data-testid": "status", role: "status" });

  show(text: string, kind: "busy" | "ok" | "error"): void {
    this.element.textContent = text;
    this.element.className = text === "" ? "status" : `status ${kind}`;
  }

  /** Runs an action, showing it busy, then its result or its error. */
  async run(busy: string, action: () => Promise<string>): Promise<boolean> {
    this.show(`${busy}…`, "busy");
    try {
      this.show(await action(), "ok");
      return true;
    } catch (err) {
      this.show(describeError(err), "error");
      return false;
    }
  }
}

export interface PageContext {
  session: Session;
  status: StatusLine;
}

export type PageFactory = (ctx: PageContext, params: string[]) => PageView;

/** A section with a heading whose body a page refills on refresh. */
export function section(title: string, testId?: string): { element: HTMLElement; body: HTMLElement } {
  const body = h("div", { class: "section-body", "data-testid": testId });
  return { element: h("section", {}, h("h2", {}, title), body), body };
}
