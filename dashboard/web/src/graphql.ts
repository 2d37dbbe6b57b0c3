/**
 * The indexer's GraphQL, through the dashboard server's /graphql proxy: queries as POSTs and
 * subscriptions over GraphQL-over-SSE (what graphql-yoga serves: GET with the query in the URL,
 * `text/event-stream` back), read with the browser's EventSource.
 */

interface Answer<T> {
  data?: T | null;
  errors?: { message: string }[];
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new Error(`the dashboard server did not answer: ${(err as Error).message}`);
  }
  const answer = (await response.json()) as Answer<T>;
  if (answer.errors !== undefined && answer.errors.length > 0) throw new Error(`GraphQL: ${answer.errors.map((e) => e.message).join("; ")}`);
  if (answer.data === undefined || answer.data === null) throw new Error(`GraphQL answered HTTP ${response.status} without data`);
  return answer.data;
}

export interface Subscription {
  close(): void;
}

/**
 * Each `next` payload's data to `onData`. EventSource reconnects by itself after a dropped
 * connection; `onState` hears whether the stream is open (the page's "live" badge).
 */
export function subscribe<T>(query: string, variables: Record<string, unknown>, onData: (data: T) => void, onState: (live: boolean) => void): Subscription {
  const url = new URL("/graphql", window.location.origin);
  url.searchParams.set("query", query);
  url.searchParams.set("variables", JSON.stringify(variables));
  const source = new EventSource(url);
  const handle = (event: MessageEvent<string>): void => {
    if (event.data === "" || event.data === undefined) return;
    const answer = JSON.parse(event.data) as Answer<T>;
    if (answer.data !== undefined && answer.data !== null) onData(answer.data);
  };
  // graphql-yoga names its events `next` / `complete` (GraphQL over SSE); unnamed ones are
  // `message`: both are read.
  source.addEventListener("next", handle as EventListener);
  source.addEventListener("message", handle as EventListener);
  source.addEventListener("open", () => onState(true));
  source.addEventListener("error", () => onState(false));
  return { close: () => source.close() };
}

/** An account write or closure as `accountChanged` delivers it (`data` in the indexer's JSON form: snake_case keys, u64 as strings). */
export interface AccountChange {
  program: string;
  type: string;
  address: string;
  slot: string;
  closed: boolean;
  data: Record<string, unknown> | null;
}

export const ACCOUNT_CHANGED = `subscription { accountChanged { program type address slot closed data } }`;

/** An indexed event (`data` snake_case as above). */
export interface EventRow {
  signature: string;
  program: string;
  name: string;
  slot: string;
  blockTime: string | null;
  data: Record<string, unknown>;
}

export const EVENT_FIELDS = "signature program name slot blockTime data";
