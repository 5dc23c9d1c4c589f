//! Starting a child process in a test. Under Wine a process now and then dies while it is
//! being created, before any of its own code runs, and `CreateProcess` answers
//! ERROR_INTERNAL_ERROR (1359). That one failure is tried again, a few times; any other
//! failure to start, and anything the program itself does, is the test's to judge.

/// `start` again while it fails as Wine's `CreateProcess` now and then does.
pub fn retry_start<T>(mut start: impl FnMut() -> std::io::Result<T>) -> std::io::Result<T> {
    const ERROR_INTERNAL_ERROR: i32 = 1359;
    let mut tries = 1;
    loop {
        match start() {
            Err(e)
                if cfg!(windows) && e.raw_os_error() == Some(ERROR_INTERNAL_ERROR) && tries < 4 =>
            {
                eprintln!("starting the program failed ({e}); trying again");
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(500));
            }
            other => return other,
        }
    }
}
