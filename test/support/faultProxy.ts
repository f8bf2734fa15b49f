// A small loopback HTTP(S) proxy for fault-injection and red-team tests: it sits in front of a real
// OpenBao or moto server and, per request, passes it on, delays it, drops the socket, answers with a
// status or redirects elsewhere. It records each request's method, path, headers and the start of its
// body (the red-team suite looks for credentials there), is bounded (a request cap and a lifetime) and
// closes itself when either runs out. With `tls` it listens for https (its upstream stays http).
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The first 4 KB of the body (AWS JSON protocol carries the operation in X-Amz-Target). */
  body: string;
}

export type FaultAction =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  /** Forwards the request at once but holds the upstream's answer until `release` settles. */
  | { kind: 'hold-answer'; release: Promise<unknown> }
  | { kind: 'drop' }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Answers with a redirect; `to` is an origin (the request's path is kept) or a function of the request. */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; to: string | ((request: ProxiedRequest) => string) };

export interface FaultRule {
  /** Which requests the rule applies to; default all. */
  match?: (request: ProxiedRequest) => boolean;
  action: FaultAction;
  /** How many matching requests the rule handles before it retires; default unlimited. */
  times?: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  /** Every request seen, in order (including faulted ones). */
  readonly requests: ProxiedRequest[];
  /** Rules are tried in order; the first that matches (and has uses left) decides. */
  rules: FaultRule[];
  /** Points the proxy at another upstream (a restarted server on a new port). */
  setTarget(target: string): void;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  target: string;
  /** The proxy closes itself after this long; default 5 minutes. */
  lifetimeMs?: number;
  /** Requests beyond this many get HTTP 599 (a runaway retry loop shows up as a failure). */
  maxRequests?: number;
  /** Listen for https with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

/** AWS JSON-protocol throttling answer (what Secrets Manager sends when it rate-limits). */
export function awsThrottling(): FaultAction {
  return {
    kind: 'status',
    status: 400,
    body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': 'ThrottlingException' },
  };
}

/** Vault-style JSON error answer. */
export function vaultError(status: number, message: string): FaultAction {
  return { kind: 'status', status, body: JSON.stringify({ errors: [message] }), headers: { 'Content-Type': 'application/json' } };
}

const MAX_BODY_RECORDED = 4096;

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let target = new URL(options.target);
  const maxRequests = options.maxRequests ?? 5000;
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const uses = new Map<FaultRule, number>();

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, release?: Promise<unknown>) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        const send = () => {
          if (req.socket.destroyed) return;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        };
        if (release) void release.then(send, send);
        else send();
      },
    );
    upstream.on('error', () => req.socket.destroy());
    upstream.end(body);
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const request: ProxiedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: body.subarray(0, MAX_BODY_RECORDED).toString('utf8'),
      };
      requests.push(request);
      if (requests.length > maxRequests) {
        res.writeHead(599).end('fault proxy: request cap reached');
        return;
      }
      const rule = proxy.rules.find((r) => (r.match ? r.match(request) : true) && (uses.get(r) ?? 0) < (r.times ?? Infinity));
      if (rule) uses.set(rule, (uses.get(rule) ?? 0) + 1);
      const action = rule?.action ?? { kind: 'pass' };
      switch (action.kind) {
        case 'pass':
          forward(req, res, body);
          return;
        case 'hold-answer':
          forward(req, res, body, action.release);
          return;
        case 'drop':
          req.socket.destroy();
          return;
        case 'status':
          res.writeHead(action.status, action.headers ?? {}).end(action.body ?? '');
          return;
        case 'delay': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!req.socket.destroyed) forward(req, res, body);
          }, action.ms);
          timers.add(timer);
          return;
        }
        case 'redirect': {
          const location = typeof action.to === 'function' ? action.to(request) : `${action.to.replace(/\/+$/, '')}${request.path}`;
          res.writeHead(action.status, { Location: location }).end();
          return;
        }
      }
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: import('node:net').Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
    return closed;
  };
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 5 * 60_000);
  lifetime.unref();

  const proxy: FaultProxy = {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    rules: [],
    setTarget: (next) => {
      target = new URL(next);
    },
    close,
  };
  return proxy;
}
