// Gateway load client (bench/gateway/run.sh drives it; results in bench/BENCHMARKS.md). Every receiver lives in this
// one Node process and uses the official @microsoft/signalr client with its defaults (negotiate, then WebSockets,
// JSON), as the web client in a browser does. The sender is in the same process, so send and receive times come
// from one clock (performance.now).
//
//   node load.mjs latency <url> <together|bare> <members> <rate msg/s> <seconds> [server pid]
//   node load.mjs ramp    <url> <together|bare> <members> <rate,rate,...> <seconds> [server pid]
//   node load.mjs idle    <url> <together|bare> <count,count,...> <server pid>
//
// latency: <members> connected members of one channel; messages are sent at a fixed rate, open loop (each send
//   starts on schedule whether or not the previous one was answered), for <seconds> after a warm-up; latency is
//   send start → MESSAGE_CREATE at each member. Loss = acknowledged sends × members − deliveries after a drain (up to 30 s).
// ramp: the same with one set of members at rising rates, stopping after the first rate whose P99 exceeds 100 ms,
//   that loses anything, or whose sender falls behind.
// idle: opens connections (one user's, as the earlier measurement did) up to each count and reads the server's
//   VmRSS once they are all open and it has settled; after the last count keeps opening until connections fail.
//   Per connection over two baselines: the process before any connection, and the process after one batch of
//   connections opened and closed (warm).
//
// "together" sets up through REST: registers an owner and <members> users, creates a server, an invite that never
// expires, and joins every user through it. The server must run with the registration, invite and message rate
// limits relaxed (run.sh passes the configuration).
import { HubConnectionBuilder, HttpTransportType, LogLevel } from "@microsoft/signalr";
import { existsSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const [mode, url, kind, ...rest] = process.argv.slice(2);
const password = "a long and uncommon bench passphrase";
const WARM_CONNECTIONS = 50;

function fail(message) {
  console.error(message);
  process.exit(2);
}

if (!mode || !url || !["together", "bare"].includes(kind)) {
  fail("usage: node load.mjs <latency|ramp|idle> <url> <together|bare> ...");
}

async function api(method, path, body, token) {
  const response = await fetch(url + path, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

async function inParallel(count, width, work) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, count) }, async () => {
    for (let index = next++; index < count; index = next++) {
      await work(index);
    }
  }));
}

const run = Date.now().toString(36);

async function register(name) {
  const auth = await api("POST", "/api/auth/register", { username: `${name}${run}`.slice(0, 32), password });
  return auth.accessToken;
}

/** The channel messages go to and how to send one; for "together" also every member's token. */
async function setUp(members) {
  if (kind === "bare") {
    return { tokens: Array(members).fill(""), send: (body) => api("POST", "/send", body) };
  }
  const owner = await register("owner");
  const server = await api("POST", "/api/servers", { name: "bench" }, owner);
  const channel = server.channels.find((candidate) => candidate.type === "text").id;
  const invite = await api("POST", `/api/channels/${channel}/invites`, { maxAge: 0, maxUses: 0 }, owner);
  const tokens = new Array(members);
  const started = performance.now();
  await inParallel(members, 8, async (index) => {
    tokens[index] = await register(`m${index}x`);
    await api("POST", `/api/invites/${invite.code}`, undefined, tokens[index]);
  });
  console.error(`# ${members} members registered and joined in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { tokens, send: (body) => api("POST", `/api/channels/${channel}/messages`, body, owner) };
}

/** Opens one connection; resolves once the server has sent its first event (READY) or, for bare, once started. */
async function connect(token, onEvent) {
  const hub = new HubConnectionBuilder()
    .withUrl(url + "/gateway", kind === "together" ? { accessTokenFactory: () => token } : {})
    .configureLogging(LogLevel.None)
    .build();
  hub.serverTimeoutInMilliseconds = 120_000;
  let ready;
  const first = new Promise((resolve) => { ready = resolve; });
  hub.on("event", (event) => {
    ready();
    onEvent(event);
  });
  let closed = false;
  hub.onclose(() => { closed = true; });
  await hub.start();
  if (kind === "together") {
    await Promise.race([first, new Promise((_, reject) => setTimeout(() => reject(new Error("no READY in 60 s")), 60_000))]);
  }
  return { hub, isClosed: () => closed };
}

async function connectAll(tokens, onEvent) {
  const connections = new Array(tokens.length);
  const started = performance.now();
  await inParallel(tokens.length, 16, async (index) => {
    connections[index] = await connect(tokens[index], onEvent);
  });
  console.error(`# ${tokens.length} connections open in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return connections;
}

function cpuSeconds(pid) {
  // NaN once the server has gone (it crashed under the load): the row then shows the failed sends, not a stack trace.
  if (!pid || !existsSync(`/proc/${pid}/stat`)) {
    return NaN;
  }
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssKiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends at <rate> for <seconds> (plus a warm-up not counted) and waits for deliveries to drain. Returns the
 * latency percentiles over the measured window, loss, the achieved send rate and the CPU the server and this
 * process used in it.
 */
async function measure(state, rate, seconds, pid) {
  const { send, connections, members } = state;
  // A fresh server runs tier-0 code for its first seconds under load (the runtime compiles optimised code in the
  // background once methods are hot): the first measurement of a server warms up for WARMUP seconds (default 15),
  // later ones (the ramp's next steps) for 2.
  const warmup = state.warm ? Math.min(2, seconds) : Number(process.env.WARMUP ?? 15);
  state.warm = true;
  const total = Math.round(rate * (seconds + warmup));
  const firstCounted = Math.round(rate * warmup);
  state.sentAt = new Map();
  state.latencies = [];
  state.received = 0;
  state.firstCounted = firstCounted;
  state.batch = (state.batch ?? 0) + 1;
  let acknowledged = 0;
  let failed = 0;
  let outstanding = 0;
  let maxOutstanding = 0;
  const ackLatencies = [];
  const padding = "x".repeat(200);
  const start = performance.now();
  let cpuStart;
  let clientStart;
  let measuredStart;
  for (let index = 0; index < total; index++) {
    const due = start + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) {
      await sleep(wait);
    }
    if (index === firstCounted) {
      measuredStart = performance.now();
      cpuStart = cpuSeconds(pid);
      clientStart = process.cpuUsage();
    }
    const nonce = `${state.batch}-${index}`;
    const sentAt = performance.now();
    const record = { sentAt, counted: index >= firstCounted, acknowledged: false, received: 0 };
    state.sentAt.set(nonce, record);
    outstanding++;
    maxOutstanding = Math.max(maxOutstanding, outstanding);
    send({ content: `bench message ${nonce} ${padding}`, nonce }).then(() => {
      record.acknowledged = true;
      acknowledged += index >= firstCounted ? 1 : 0;
      ackLatencies.push(performance.now() - sentAt);
    }, (error) => {
      failed++;
      if (failed <= 3) {
        console.error(`send failed: ${error.message}`);
      }
    }).finally(() => { outstanding--; });
  }
  const sendingTook = (performance.now() - measuredStart) / 1000;
  const expected = () => acknowledged * members;
  const drainUntil = performance.now() + 30_000;
  while ((outstanding > 0 || state.received < expected()) && performance.now() < drainUntil) {
    await sleep(20);
  }
  const cpuServer = cpuSeconds(pid) - cpuStart;
  const clientCpu = process.cpuUsage(clientStart);
  const window = (performance.now() - measuredStart) / 1000;
  const sorted = Float64Array.from(state.latencies).sort();
  ackLatencies.sort((a, b) => a - b);
  // Lost: deliveries missing for acknowledged messages (a message may arrive before its own 201 does).
  let lost = 0;
  for (const record of state.sentAt.values()) {
    if (record.counted && record.acknowledged) {
      lost += members - record.received;
    }
  }
  const closed = connections.filter((connection) => connection.isClosed()).length;
  return {
    rate,
    achieved: (total - firstCounted) / sendingTook,
    acknowledged,
    failed,
    maxOutstanding,
    deliveries: state.received,
    lost,
    closed,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    ackP50: percentile(ackLatencies, 0.5),
    ackP99: percentile(ackLatencies, 0.99),
    serverCpu: cpuServer / window,
    clientCpu: (clientCpu.user + clientCpu.system) / 1e6 / window,
  };
}

async function prepare(members) {
  const { tokens, send } = await setUp(members);
  const state = { send, members, latencies: [], received: 0, sentAt: new Map() };
  const onEvent = (event) => {
    if (event.t !== "MESSAGE_CREATE") {
      return;
    }
    const sent = state.sentAt.get(event.d.nonce);
    if (!sent) {
      return;
    }
    if (sent.counted) {
      sent.received++;
      state.received++;
      state.latencies.push(performance.now() - sent.sentAt);
    }
  };
  state.connections = await connectAll(tokens, onEvent);
  return state;
}

function row(members, result) {
  const f = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
  return `| ${kind} | ${members} | ${result.rate} | ${f(result.achieved, 0)} | ${f(result.p50)} | ${f(result.p99)} | ${f(result.max, 0)} `
    + `| ${result.acknowledged} | ${result.failed} | ${result.lost} | ${result.closed} | ${f(result.ackP50)} / ${f(result.ackP99)} `
    + `| ${f(result.serverCpu)} | ${f(result.clientCpu)} |`;
}

async function stopAll(connections) {
  await Promise.all(connections.map((connection) => connection.hub.stop().catch(() => {})));
}

if (mode === "latency") {
  const [members, rate, seconds, pid] = rest.map(Number);
  const state = await prepare(members);
  const result = await measure(state, rate, seconds, pid);
  console.log(row(members, result));
  await stopAll(state.connections);
} else if (mode === "ramp") {
  const members = Number(rest[0]);
  const rates = rest[1].split(",").map(Number);
  const [seconds, pid] = rest.slice(2).map(Number);
  const state = await prepare(members);
  for (const rate of rates) {
    const result = await measure(state, rate, seconds, pid);
    console.log(row(members, result));
    if (result.p99 > 100 || result.lost > 0 || result.failed > 0 || result.achieved < rate * 0.95) {
      break;
    }
  }
  await stopAll(state.connections);
} else if (mode === "idle") {
  const counts = rest[0].split(",").map(Number);
  const pid = Number(rest[1]);
  const token = kind === "together" ? await register("idle") : "";
  const connections = [];
  const settle = async () => {
    await sleep(5000);
    return rssKiB(pid);
  };
  const open = async (target) => {
    await inParallel(target - connections.length, 16, async () => {
      connections.push(await connect(token, () => {}));
    });
  };
  const mib = (kiB) => (kiB / 1024).toFixed(1);
  const baseline = await settle();
  console.log(`| ${kind} | 0 | ${mib(baseline)} | – | – |`);
  // Warm: one batch of connections opened and closed. What the first connections cost once (code compiled,
  // Kestrel's and the thread pool's growth) is then in the baseline rather than spread over the connections.
  await open(WARM_CONNECTIONS);
  await stopAll(connections.splice(0));
  const warm = await settle();
  console.log(`| ${kind} | 0, after ${WARM_CONNECTIONS} opened and closed | ${mib(warm)} | – | – |`);
  for (const count of counts) {
    await open(count);
    const rss = await settle();
    console.log(`| ${kind} | ${count} | ${mib(rss)} | ${((rss - baseline) / count).toFixed(1)} | ${((rss - warm) / count).toFixed(1)} |`);
  }
  // The most held: keep adding in steps of 1,000 until a step cannot be opened or connections start closing.
  let held = connections.length;
  for (;;) {
    try {
      await open(connections.length + 1000);
    } catch (error) {
      console.error(`# opening beyond ${connections.length} failed: ${error.message}`);
      break;
    }
    await sleep(2000);
    const alive = connections.filter((connection) => !connection.isClosed()).length;
    if (alive < connections.length) {
      console.error(`# ${connections.length - alive} connections closed at ${connections.length}`);
      break;
    }
    held = alive;
    if (held >= Number(process.env.IDLE_MAX ?? 20000)) {
      break;
    }
  }
  console.log(`most held: ${held} (server VmRSS ${(rssKiB(pid) / 1024).toFixed(1)} MiB)`);
  await stopAll(connections);
} else {
  fail(`unknown mode ${mode}`);
}
process.exit(0);
