use std::process::ExitCode;

fn main() -> ExitCode {
    alumni::cli::main()
}
