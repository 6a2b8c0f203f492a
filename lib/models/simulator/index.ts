export { startSimulator, SIM_MODELS, type Faults, type Simulator, type SimulatorOptions, type SimulatorStats } from "./server";
export { answerKeyOf, demoAnswerKey, kindOfAnswer, readAnswersFile, type AnswerKey, type AnswerKeyEntry, type AnswerKind } from "./answer-key";
export { accuracyOf, BAND_SHARES } from "./profile";
export { DEFAULT_QUIRKS, type Quirks } from "./quirks";
// Read-side code imports "./unknown" directly: it has no node imports, unlike the server.
export { SIM_FINGERPRINT, SIM_GUESS_MARK, SIM_UNKNOWN_HEADER } from "./unknown";
