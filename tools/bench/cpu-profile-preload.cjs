// Preloaded into a benchmarked server by tools/bench/stack-cost.ts --profile (NODE_OPTIONS=--require ...):
// a SIGUSR2 starts V8's sampling profiler, the next one stops it and writes `${BENCH_CPU_PROFILE_PREFIX}-<n>.cpuprofile`
// (n = 1, 2... per profile; for Chrome DevTools or tools/bench/profile-summary.ts). `node --cpu-prof` cannot be used: it is
// refused in NODE_OPTIONS, and it writes only on a normal exit, while Nest re-raises SIGTERM.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

const session = new Session();
session.connect();
let running = false;
let written = 0;

process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_CPU_PROFILE_US ?? 200) }, () =>
        session.post('Profiler.start'),
      ),
    );
    return;
  }
  running = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) throw error;
    written += 1;
    writeFileSync(`${process.env.BENCH_CPU_PROFILE_PREFIX}-${written}.cpuprofile`, JSON.stringify(result.profile));
  });
});
