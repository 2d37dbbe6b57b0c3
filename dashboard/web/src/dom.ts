/** A small element builder and the page's number / address / time formats. */
import { formatTokenAmount } from "../../../sdk/src/browser";

type Child = Node | string | number | bigint | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** `h("a", { href: "#/" , onclick: fn }, "text", child)`: `on*` keys are listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces `parent`'s content. */
export function fill(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export const short = (address: string): string => (address.length > 12 ? `${address.slice(0, 4)}…${address.slice(-4)}` : address);

/**
 * Base units of $SYNQ as a decimal amount with thousands separators in the integer part and up
 * to 4 decimals without trailing zeros (all of them for an amount under 1, so dust never reads 0).
 */
export function synq(units: string | bigint, decimals: number): string {
  const [whole = "0", fraction = ""] = formatTokenAmount(BigInt(units), decimals).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const shown = (whole === "0" || whole === "-0" ? fraction : fraction.slice(0, 4)).replace(/0+$/, "");
  return shown === "" ? grouped : `${grouped}.${shown}`;
}

export const count = (value: string | number | bigint): string => BigInt(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");

export const percentBps = (bps: number | string | null | undefined): string => (bps === null || bps === undefined ? "–" : `${(Number(bps) / 100).toFixed(2)}%`);

export function unixTime(seconds: number | string | null | undefined): string {
  const n = Number(seconds ?? 0);
  return n > 0 ? new Date(n * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC") : "–";
}

/** A table: header labels and rows of cells; `empty` says what an empty one is waiting for. */
export function table(headers: string[], rows: Child[][], attrs: Attrs = {}, empty = "nothing yet"): HTMLTableElement {
  return h(
    "table",
    attrs,
    h("thead", {}, h("tr", {}, headers.map((label) => h("th", {}, label)))),
    h("tbody", {}, rows.length === 0 ? h("tr", {}, h("td", { colspan: headers.length, class: "empty" }, empty)) : rows.map((cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell))))),
  );
}

/** A labelled figure of the overview cards. */
export const card = (label: string, value: Child, testId?: string): HTMLElement =>
  h("div", { class: "card" }, h("div", { class: "label" }, label), h("div", { class: "value", "data-testid": testId }, value));

/** A shortened address; the full one on hover, copied on click. */
export function address(value: string, testId?: string): HTMLElement {
  const element = h("code", { class: "address", title: `${value} (click to copy)`, "data-testid": testId, tabindex: 0 }, short(value));
  element.addEventListener("click", () => {
    void navigator.clipboard?.writeText(value).then(
      () => {
        element.classList.add("copied");
        setTimeout(() => element.classList.remove("copied"), 1_000);
      },
      () => undefined,
    );
  });
  return element;
}

/** When something happened: the UTC time, its slot on hover (or the slot alone while its time is unknown). */
export function when(slot: number | string, time: number | undefined): HTMLElement {
  return time === undefined
    ? h("span", { class: "hint", title: "block time not known yet" }, `slot ${count(slot)}`)
    : h("time", { datetime: new Date(time * 1000).toISOString(), title: `slot ${count(slot)}` }, unixTime(time));
}
