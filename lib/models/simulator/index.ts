export { startSimulator, SIM_MODELS, type Faults, type Simulator, type SimulatorOptions, type SimulatorStats } from "./server";
export { answerKeyOf, demoAnswerKey, type AnswerKey, type AnswerKeyEntry, type AnswerKind } from "./answer-key";
export { accuracyOf, BAND_SHARES } from "./profile";
