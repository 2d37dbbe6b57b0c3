/** Process-wide counters exposed on /metrics in the Prometheus text format. */
import type { Usage } from '../engine/usage';

export class Metrics {
  readonly startedAt = Date.now();
  respConnections = 0;
  /** Commands run by the JS RESP server. */
  respCommands = 0;
  /** Commands the native socket thread served itself (native/src/fast_path.rs). */
  respFastCommands: () => number = () => 0;
  httpRequests = 0;
  httpErrors = 0;
  /** Response body bytes sent over HTTP. */
  httpBytesOut = 0;
  /** Reply bytes written to Redis-protocol connections (by the native socket thread). */
  respBytesOut: () => number = () => 0;
  /** Connections accepted since start, both protocols: the sessions the node reports. */
  sessionsTotal = 0;
  /** Extra metric lines (the network agent's), appended to the rendering. */
  readonly extra: (() => string)[] = [];

  /** Bytes served to clients since start, both protocols. */
  get bytesServed(): number {
    return this.httpBytesOut + this.respBytesOut();
  }

  /** Every Redis-protocol command executed. */
  get respCommandsTotal(): number {
    return this.respCommands + this.respFastCommands();
  }

  render(usage: Record<string, Usage>): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, v] of samples) lines.push(`${name}${labels} ${v}`);
    };
    metric('synq_uptime_seconds', 'gauge', 'Seconds since the node started.', [['', (Date.now() - this.startedAt) / 1000]]);
    metric('synq_resp_connections', 'gauge', 'Open Redis-protocol connections.', [['', this.respConnections]]);
    metric('synq_resp_commands_total', 'counter', 'Redis-protocol commands executed.', [['', this.respCommandsTotal]]);
    metric('synq_http_requests_total', 'counter', 'HTTP requests served.', [['', this.httpRequests]]);
    metric('synq_http_errors_total', 'counter', 'HTTP requests answered with an error status.', [['', this.httpErrors]]);
    metric('synq_bytes_served_total', 'counter', 'Bytes sent to clients (HTTP bodies and Redis-protocol replies).', [['', this.bytesServed]]);
    metric('synq_sessions_total', 'counter', 'Client connections accepted (HTTP and Redis protocol).', [['', this.sessionsTotal]]);
    const per = (field: keyof Usage): [string, number][] =>
      Object.entries(usage).map(([ns, u]) => [`{namespace="${ns.replace(/["\\]/g, '\\$&')}"}`, u[field]]);
    metric('synq_namespace_stored_bytes', 'gauge', 'Approximate bytes stored per namespace.', per('storedBytes'));
    metric('synq_namespace_queries_total', 'counter', 'Queries and commands served per namespace.', per('queries'));
    metric('synq_namespace_writes_total', 'counter', 'Writes applied per namespace.', per('writes'));
    metric('synq_namespace_vectors', 'gauge', 'Vectors stored per namespace.', per('vectors'));
    return lines.join('\n') + '\n' + this.extra.map((render) => render()).join('');
  }
}
