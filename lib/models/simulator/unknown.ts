// How a simulated answer to a prompt the simulator has no answer for is marked. The sample
// text is all a run stores of a response, so the mark is at the start of the text (short
// enough to survive a max_tokens cut); the run page counts the prompts it marks. No node
// imports here: the read side imports this constant.

export const SIM_GUESS_MARK = "[simulator guess]";

/** Completions carrying any guess say so here too (for clients that read it). */
export const SIM_FINGERPRINT = { known: "edgewise-sim", guessed: "edgewise-sim-guessed" } as const;

/** Response header: how many of the request's prompts the simulator did not know (0 or 1). */
export const SIM_UNKNOWN_HEADER = "x-edgewise-sim-unknown";
