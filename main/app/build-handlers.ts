// Every contract channel's handler, from the lifecycle objects that own the state behind
// them (vxsuite's buildApi): one place shows which part of the station answers which call.
import { createLearnerHandlers } from '../classroom/learner-channels.ts';
import { createOrganiserHandlers } from '../classroom/organiser-channels.ts';
import { createReaderHandlers } from '../classroom/reader-channels.ts';
import { createPlayerHandlers } from '../classroom/player-channels.ts';
import type { ProjectorService } from '../classroom/projector-service.ts';
import type { AudienceDisplays } from '../station/audience-displays.ts';
import { createDisplayHandlers } from '../station/display-channels.ts';
import type { ClassroomService } from '../classroom/classroom-service.ts';
import { createDevicesHandlers } from '../devices/devices-channels.ts';
import type { DevicesService } from '../devices/devices-service.ts';
import type { HubLink } from '../hub-link/hub-link.ts';
import { createSyncHandlers } from '../hub-link/sync-channels.ts';
import { createLibraryHandlers } from '../library/library-channels.ts';
import type { LibraryService } from '../library/library-service.ts';
import type { Handlers } from '../runtime/router.ts';
import { createStationHandlers } from '../station/station-channels.ts';
import { createTechnicianHandlers, createTechnicianSessions } from '../station/technician-channels.ts';
import { rosterOrganisers } from '../classroom/organiser-pin.ts';
import type { StationService } from '../station/station-service.ts';

export type StationParts = {
  classroom: ClassroomService;
  library: LibraryService;
  station: StationService;
  hubLink: HubLink;
  player: { projector: ProjectorService; displays: AudienceDisplays };
  devices: DevicesService;
};

export function buildHandlers({ classroom, library, station, hubLink, player, devices }: StationParts): Handlers {
  const technicianSessions = createTechnicianSessions();
  return {
    ...createStationHandlers(station),
    ...createLibraryHandlers(library),
    ...createSyncHandlers(hubLink),
    ...createOrganiserHandlers(classroom.host, { sessions: classroom.organiserSessions, accounts: station.accounts }),
    ...createReaderHandlers(classroom),
    ...createLearnerHandlers(classroom.host),
    ...createPlayerHandlers({
      ...player,
      host: classroom.host,
      live: library.live,
      organiserSessions: classroom.organiserSessions,
    }),
    ...createDisplayHandlers(player.displays, technicianSessions),
    ...createDevicesHandlers(devices, classroom.organiserSessions, technicianSessions),
    ...createTechnicianHandlers(station, {
      organisers: () => rosterOrganisers(station.context.databases.catalog.db),
      endOrganiserSessions: (learnerId) =>
        classroom.organiserSessions.closeAll((identity) => identity.learnerId === learnerId),
      sync: () => hubLink.syncReport(),
      devices: () => ({ ...devices.view(), config: devices.config() }),
      sessions: technicianSessions,
    }),
  };
}
