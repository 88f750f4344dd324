/**
 * The network between a measured child and its database: a TCP proxy in its own process (so
 * none of its memory or CPU is the child's) that delays every byte by half the round trip in
 * each direction and, with a bandwidth, serialises it at that rate. Started by
 * harness/run/network/proxy.ts as `node delay-proxy.js <json options>`; prints one JSON line
 * `{"port": N}` once it listens, and runs until killed.
 *
 * Backpressure passes through as on a real connection: a receiver that stops reading fills the
 * proxy's write buffer, and the proxy stops reading from the sender (which fills the sender's
 * socket buffer, and so on back to the server).
 */
import net from 'node:net';
import { linkShape, scheduleChunk, sliceSizes, type LinkShape, type LinkState } from './link.js';
import { monotonicMs, PreciseTimer } from './precise-timer.js';

export interface DelayProxyOptions {
  /** Where the database listens: a host and port, or a Unix socket path. */
  target: { host: string; port: number } | { path: string };
  roundTripMs: number;
  bandwidthMbit: number | null;
}

/** Bytes a direction may hold in its delay line before the proxy stops reading the sender. */
const MAX_IN_FLIGHT_BYTES = 4 * 1024 * 1024;

interface Pending {
  deliverAtMs: number;
  chunk: Buffer;
}

/** One direction of one connection: bytes from `from` delayed on their way to `to`. */
class Direction {
  readonly queue: Pending[] = [];
  private state: LinkState = { freeAtMs: 0 };
  private inFlight = 0;
  private blocked = false;
  private ended = false;

  constructor(
    private readonly link: { shape: LinkShape },
    readonly from: net.Socket,
    private readonly to: net.Socket,
    private readonly scheduled: () => void,
  ) {
    from.on('data', (chunk: Buffer) => this.accept(chunk));
    // A sender that ends (FIN) or goes away (a killed child) ends the other side once what it
    // sent has been delivered, so the server's backend ends too.
    const ended = (): void => {
      this.ended = true;
      this.finishIfDrained();
    };
    from.on('end', ended).on('close', ended);
    to.on('drain', () => this.resumeIfRoom());
  }

  private accept(chunk: Buffer): void {
    const arrivedAtMs = monotonicMs();
    let offset = 0;
    for (const size of sliceSizes(chunk.length, this.link.shape.bitsPerMs !== null)) {
      const scheduled = scheduleChunk(this.link.shape, this.state, arrivedAtMs, size);
      this.state = scheduled.state;
      this.queue.push({ deliverAtMs: scheduled.deliverAtMs, chunk: chunk.subarray(offset, offset + size) });
      offset += size;
    }
    this.inFlight += chunk.length;
    if (this.inFlight > MAX_IN_FLIGHT_BYTES) this.block();
    this.scheduled();
  }

  /** Hands on every chunk due by `nowMs`. */
  deliver(nowMs: number): void {
    while (this.queue.length > 0 && this.queue[0]!.deliverAtMs <= nowMs) {
      const { chunk } = this.queue.shift()!;
      this.inFlight -= chunk.length;
      if (!this.to.destroyed && !this.to.write(chunk)) this.block();
    }
    this.resumeIfRoom();
    this.finishIfDrained();
  }

  private block(): void {
    if (this.blocked) return;
    this.blocked = true;
    this.from.pause();
  }

  private resumeIfRoom(): void {
    if (!this.blocked || this.inFlight > MAX_IN_FLIGHT_BYTES / 2 || this.to.writableNeedDrain) return;
    this.blocked = false;
    this.from.resume();
  }

  private finishIfDrained(): void {
    if (this.ended && this.queue.length === 0 && !this.to.destroyed) this.to.end();
  }
}

export interface RunningProxy {
  port: number;
  /** Changes the delay for every byte from now on (calibration, harness/run/network/proxy.ts). */
  setRoundTrip(roundTripMs: number): void;
  close(): Promise<void>;
}

/** Starts the proxy; resolves with the port it listens on (on 127.0.0.1). */
export function startDelayProxy(options: DelayProxyOptions): Promise<RunningProxy> {
  const link = { shape: linkShape(options.roundTripMs, options.bandwidthMbit) };
  const directions = new Set<Direction>();
  let armedFor: number | null = null;
  const timer = new PreciseTimer(() => {
    armedFor = null;
    rearm();
  });
  function rearm(): void {
    const now = monotonicMs();
    let earliest: number | null = null;
    for (const direction of directions) {
      direction.deliver(now);
      if (direction.queue.length === 0 && direction.from.destroyed) directions.delete(direction);
      const head = direction.queue[0];
      if (head && (earliest === null || head.deliverAtMs < earliest)) earliest = head.deliverAtMs;
    }
    if (earliest !== armedFor) {
      armedFor = earliest;
      timer.set(earliest);
    }
  }
  /** A new chunk: arm the timer if it is due before the one armed. */
  function scheduled(): void {
    let earliest = armedFor;
    for (const direction of directions) {
      const head = direction.queue[0];
      if (head && (earliest === null || head.deliverAtMs < earliest)) earliest = head.deliverAtMs;
    }
    if (earliest !== armedFor) {
      armedFor = earliest;
      timer.set(earliest);
    }
  }

  const server = net.createServer({ noDelay: true }, (client) => {
    const upstream = 'path' in options.target ? net.connect(options.target.path) : net.connect({ ...options.target, noDelay: true });
    const up = new Direction(link, client, upstream, scheduled);
    const down = new Direction(link, upstream, client, scheduled);
    directions.add(up).add(down);
    const close = (): void => {
      directions.delete(up);
      directions.delete(down);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', () => (up.queue.length === 0 ? close() : undefined));
    upstream.on('error', close).on('close', () => (down.queue.length === 0 ? close() : undefined));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      resolve({
        port: address.port,
        setRoundTrip: (roundTripMs: number) => {
          link.shape = linkShape(roundTripMs, options.bandwidthMbit);
        },
        close: async () => {
          await new Promise<void>((done) => server.close(() => done()));
          await timer.stop();
        },
      });
    });
  });
}

// Run as a process: options as one JSON argument, the port as one JSON line on stdout.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  const options = JSON.parse(process.argv[2] ?? '{}') as DelayProxyOptions;
  startDelayProxy(options).then(
    (proxy) => {
      process.stdout.write(`${JSON.stringify({ port: proxy.port })}\n`);
      // Each line on stdin is a new round trip in ms; each is acknowledged with one line.
      let buffered = '';
      process.stdin.on('data', (data: Buffer) => {
        buffered += data.toString('utf8');
        for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
          const roundTripMs = Number(buffered.slice(0, end));
          buffered = buffered.slice(end + 1);
          if (Number.isFinite(roundTripMs) && roundTripMs >= 0) proxy.setRoundTrip(roundTripMs);
          process.stdout.write(`${JSON.stringify({ roundTripMs })}\n`);
        }
      });
    },
    (error: unknown) => {
      process.stderr.write(`rowmeter delay proxy: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
  // The runner ends it with SIGTERM; the stdin pipe closing means the runner is gone.
  process.stdin.on('end', () => process.exit(0));
}
