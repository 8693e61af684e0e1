//! `alumni completions`: shell completion scripts, printed to stdout.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::diagnostics::Diagnostics;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  alumni completions bash > ~/.local/share/bash-completion/completions/alumni
  alumni completions zsh > ~/.zfunc/_alumni        (with fpath+=~/.zfunc in ~/.zshrc)
  alumni completions fish > ~/.config/fish/completions/alumni.fish")]
pub struct Args {
    /// The shell to complete in
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run<C: CommandFactory>(args: Args) -> Result<(), Diagnostics> {
    let mut command = C::command();
    let name = command.get_name().to_string();
    clap_complete::generate(args.shell, &mut command, name, &mut std::io::stdout());
    Ok(())
}
