// The time, as a dependency: injected once where a run starts (systemClock in production,
// a fixed or stepping clock in tests) and passed down, never read from the system below that.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
