use std::process::ExitCode;

/// mimalloc: a build allocates and frees millions of small strings and maps;
/// it cuts the allocator's share of a build roughly in half.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    alumni::cli::main()
}
