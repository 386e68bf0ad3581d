//! Steady-state evaluation allocates nothing: a counting global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use arithsynth::dsl::random::{random_inputs, random_programs};
use arithsynth::eval::{apply, Cache, Compiled};
use arithsynth::{Cmp, Grammar, Op, OpSet};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Counts allocations per thread, so that tests running beside this one do
/// not disturb its count.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; the counter touches only a
// thread-local `Cell` with a const initializer, which does not allocate.
#[allow(unsafe_code, reason = "a global allocator is an unsafe trait")]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn counter_sees_allocations() {
    // the check below would pass vacuously if the counter counted nothing
    assert!(allocations_during(|| drop(std::hint::black_box(vec![1u8; 100]))) >= 1);
}

#[test]
fn steady_state_evaluation_allocates_nothing() {
    let grammar = Grammar::builder()
        .vars(["x", "y"])
        .ops(OpSet::all().iter())
        .literals(-3..=3)
        .build()
        .unwrap();
    let programs = random_programs(&grammar, 25, 200, 11);
    let compiled: Vec<Compiled> = programs.iter().map(Compiled::new).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let inputs = random_inputs(2, 4096, &mut rng);
    let small = random_inputs(2, 3, &mut rng);
    let mut out = vec![0; inputs.len()];
    let mut small_out = vec![0; small.len()];
    let mut cache = Cache::new();
    let row = [3, -4];
    // warm-up: the cache grows to the largest program
    for program in &compiled {
        program.eval(&mut cache, &inputs, &mut out);
        program.eval_row(&mut cache, &row);
    }
    let count = allocations_during(|| {
        for program in &compiled {
            program.eval(&mut cache, &inputs, &mut out);
            program.eval(&mut cache, &small, &mut small_out);
            std::hint::black_box(program.eval_row(&mut cache, &row));
        }
        let (a, b) = (inputs.column(0), inputs.column(1));
        apply(Op::Add, &[a, b], &mut out);
        apply(Op::Div, &[a, b], &mut out);
        apply(Op::Ite(Cmp::Le), &[a, b, b, a], &mut out);
    });
    assert_eq!(count, 0, "steady-state evaluation allocated");
}
