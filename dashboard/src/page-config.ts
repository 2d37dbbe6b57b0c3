/** What the server tells the page (`/config.json`): shared by both sides. */
export interface PageConfig {
  /** Solana JSON-RPC the page sends transactions to (synq-localnet answers CORS). */
  rpcUrl: string;
  /** Its PubSub, for confirmations. */
  wsUrl: string;
  /** The indexer's GraphQL as configured (the page uses the server's proxy at /graphql). */
  graphqlUrl: string;
}
