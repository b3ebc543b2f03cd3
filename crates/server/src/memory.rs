//! Keeping the server's resident memory close to what it uses. glibc's malloc gives
//! threads that allocate at the same time arenas of their own and keeps freed memory in
//! them: after the bench's large answers (impact lists of 2,000 components, matrix pages)
//! the server held over 200 MB it no longer used. Two arenas, and a trim every few
//! seconds, hand it back. Allocations of 256 KiB and more get mappings of their own, so
//! they go back to the system the moment they are freed: a sign-in's password hash takes
//! 19 MiB (argon2id), and glibc's default would keep it in an arena after the first one
//! (freeing a mapping raises its threshold for the next), where it counted in the peak
//! resident memory until the next trim.

use std::time::Duration;

/// At start-up, before other threads exist.
#[allow(unsafe_code)]
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: called before any other thread starts; mallopt only sets a malloc tunable.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        // a fixed threshold also turns off glibc's raising of it
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}

/// Returns free memory to the system every `every`, from a thread of its own.
#[allow(unsafe_code)]
pub fn trim_every(every: Duration) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    let _ = std::thread::Builder::new().name("malloc-trim".into()).spawn(move || {
        loop {
            std::thread::sleep(every);
            // SAFETY: malloc_trim only releases free pages and is thread-safe in glibc.
            unsafe {
                libc::malloc_trim(0);
            }
        }
    });
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = every;
}
