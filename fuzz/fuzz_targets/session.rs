//! Questions and answers on arbitrary grammars and rows
//! ([`front_door::decode`]): a session, then up to four questions (or
//! checks) answered from the bytes. No panic; an error only for the
//! documented bad-input cases; a question has one value per variable and
//! is no example yet; every program found fits every row answered so far.
#![no_main]

mod front_door;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| front_door::session(data));
