export { startIndexerApp, type IndexerApp, type IndexerAppOptions } from "./app";
export { Indexer, type AccountChange } from "./indexer";
export { IdlDecoder } from "./borsh";
export { programLayout, type AccountLayout, type ProgramLayout } from "./layout";
