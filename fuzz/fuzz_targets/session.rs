//! Questions and answers on arbitrary grammars and rows
//! ([`front_door::decode`]): a session, then up to four questions (or
//! checks) answered from the bytes. No panic; an error only for the
//! documented bad-input cases; a question has one value per variable and
//! is no example yet; every program found fits every row answered so far.
#![no_main]

mod front_door;

use arithsynth::eval::reference;
use arithsynth::search::SearchError;
use arithsynth::Error;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = front_door::Bytes(data.iter());
    let Some((synthesizer, rows, _)) = front_door::decode(&mut bytes) else {
        return;
    };
    let documented = |err: &Error| {
        matches!(
            err,
            Error::Spec(_) | Error::Search(SearchError::Unavailable { .. })
        )
    };
    let mut session = match synthesizer.session(&rows) {
        Ok(session) => session,
        Err(err) if documented(&err) => return,
        Err(err) => panic!("an undocumented error: {err}"),
    };
    for _ in 0..4 {
        let question = if bytes.next() % 2 == 0 {
            session.question()
        } else {
            session.check()
        };
        let Some(inputs) = question else {
            break;
        };
        assert_eq!(inputs.len(), session.spec().vars().len());
        assert!(session.spec().train().iter().all(|e| e.inputs != inputs));
        let answer = bytes.value();
        match session.answer(&inputs, answer) {
            Ok(_) => {}
            Err(err) if documented(&err) => break,
            Err(err) => panic!("an undocumented error: {err}"),
        }
        if let Some(program) = session.synthesis().program() {
            for e in session.spec().train() {
                assert_eq!(reference::eval(program, &e.inputs), e.output);
            }
        }
    }
});
