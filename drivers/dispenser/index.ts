// Public API of the card dispenser (issue 11): the CRT-591-style dialect's codec and the
// driver as the CardDispenser device class. The simulator (simulator.node.ts) is imported from
// its own file so production code does not load socat.
export { CardDispenserError } from '../device-classes.js';
export type { CardDispenser, CardDispenserErrorCode, CardDispenserHealthReason, CardDispenserStatus, CardTakeResult } from '../device-classes.js';
export { createCardDispenser, type CardDispenserOptions } from './dispenser.js';
export { DispenserLinkDecoder, encodeControl, encodeFrame, type DispenserFrame, type DispenserLinkItem } from './codec/frame.js';
export { decodeCommand, decodeResponse, encodeCommand, encodeResponse, type CommandKind, type DispenserCommand, type DispenserResponse, type DispenserSensors } from './codec/messages.js';
export { isDecodeError, type DispenserDecodeError, type DispenserDecodeErrorCode } from './codec/errors.js';
