//! The CLI's door into the command table: typed arguments in, typed answers out, through
//! `bintek_core::run` (the role check) after the check `dispatch` makes on every request.

use bintek_core::{Api, ApiError, Caller, Command};

/// Runs command `C` for the organizer at this computer (`cli`).
///
/// A command-line argument is outside input like a request's: `bintek_core::run` gives
/// its strings the check `dispatch` gives every request (no control character, nothing
/// over `MAX_ARG_TEXT`, the field named).
pub fn run<C: Command>(api: &Api, args: C::Args) -> Result<C::Output, ApiError> {
    bintek_core::run::<C>(api, &Caller::admin("cli"), args)
}
