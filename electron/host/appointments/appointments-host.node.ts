// Builds the appointment service from the host's parts — the signed hub client, the scanner and
// printer through the device manager, the ticket service — and gives the bridge its handlers.
// Kept out of start-host so that file stays a list of services.
import type { appointmentRequests } from '../../bridge/appointments-contract.js';
import type { HandlerMap } from '../../bridge/dispatcher.js';
import type { EventBus } from '../../bridge/event-bus.js';
import { printFailureCodeSchema, type PrintOutcome, type QueueService } from '../../bridge/contract.js';
import type { HostConfig } from '../config.js';
import type { DeviceManager } from '../device-manager.node.js';
import { DeviceCallError } from '../devices/device-handle.js';
import { hubSender } from '../hub-send.node.js';
import type { HubRequestSigner } from '../hub-signer.node.js';
import type { HostLogger } from '../log.node.js';
import type { TicketService } from '../ticket-service.node.js';
import { AppointmentService } from './appointment-service.node.js';

export type AppointmentHandlers = Pick<HandlerMap, keyof typeof appointmentRequests>;

export interface AppointmentHostDeps {
  config: HostConfig;
  devices: DeviceManager;
  sign: HubRequestSigner;
  tickets: Pick<TicketService, 'issue'>;
  services: () => Promise<readonly QueueService[]>;
  events: EventBus;
  log: HostLogger;
}

const failureCode = (code: string) => printFailureCodeSchema.catch('IO').parse(code);

export function createAppointments(deps: AppointmentHostDeps): { service: AppointmentService; handlers: AppointmentHandlers } {
  const { config, devices } = deps;
  const log = deps.log.child({ svc: 'appointments' });
  const service = new AppointmentService({
    kioskId: config.kioskId,
    branchName: config.branchName,
    // A customer waits on these calls: a hub that does not answer in 8 s is treated as away.
    send: hubSender({ hubUrl: config.hubUrl, sign: deps.sign, requestTimeoutMs: 8_000 }),
    services: deps.services,
    issueTicket: (serviceId, locale, opts) => deps.tickets.issue(serviceId, locale, opts),
    async print(doc): Promise<PrintOutcome> {
      const role = devices.roleOf('receipt-printer');
      if (!role) return { printed: false, code: 'DEVICE_UNAVAILABLE' };
      try {
        const result = await devices.print(role, doc);
        return result.printed ? { printed: true } : { printed: false, code: failureCode(result.code) };
      } catch (err) {
        return { printed: false, code: err instanceof DeviceCallError ? failureCode(err.code) : 'IO' };
      }
    },
    onScan: (cb) =>
      devices.onDeviceEvent((e) => {
        const data = (e.payload as { data?: unknown } | null)?.data;
        if (e.name === 'scan' && typeof data === 'string') cb(data);
      }),
    emit: (result) => deps.events.emit('appointments.checkIn', result),
    log,
  });
  const handlers: AppointmentHandlers = {
    'appointments.slots': ({ serviceId, day }) => service.slots(serviceId, day),
    'appointments.book': ({ slotId, locale, contact }) => service.book(slotId, locale, contact),
    'appointments.scanner': ({ mode, locale }) => service.setScanner(mode, locale),
  };
  return { service, handlers };
}
