//! The front door on arbitrary grammars and rows ([`front_door::decode`]),
//! every method, tiny limits. No panic; an error only for the documented
//! bad-input cases (contradictory rows, a part this build lacks); every
//! program returned fits every row by the reference interpreter; the call
//! is back within twice its time limit plus 100 ms (the smaller of wall and
//! CPU time: see [`front_door::synthesize`]).
#![no_main]

mod front_door;

use std::time::Duration;

use libfuzzer_sys::fuzz_target;

/// The CPU time of the whole process (every thread's).
fn cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec to write, and the clock id is one
    // every Linux knows.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) } == 0;
    if !ok {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

fuzz_target!(|data: &[u8]| front_door::synthesize(data, Some(cpu_time)));
