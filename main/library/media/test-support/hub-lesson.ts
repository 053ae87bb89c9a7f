// A lesson file published on a real, in-process reference hub, and the FetchMedia of an
// enrolled station that downloads it: its hub client's media call.
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { tempDir } from '../../../../test/support/temp-dir.ts';
import { enrolledStation, type EnrolledStation } from '../../../../test/support/test-hub.ts';
import type { FetchMedia } from '../download.ts';
import { randomBytes, sha256Of } from './fault-server.ts';

export interface HubLesson {
  station: EnrolledStation;
  dir: string;
  body: Buffer;
  sha256: string;
  fetchMedia: FetchMedia;
}

export async function publishedHubLesson(
  t: TestContext,
  options: { id: string; size: number; seed: number; station?: EnrolledStation },
): Promise<HubLesson> {
  const station = options.station ?? (await enrolledStation(t));
  const dir = tempDir(t);
  const body = randomBytes(options.size, options.seed);
  const source = path.join(dir, 'lesson.mp4');
  fs.writeFileSync(source, body);
  await station.hub.admin.publishCatalogChanges({
    lessons: [
      {
        id: options.id,
        courseId: `course-${options.id}`,
        title: '课',
        teacher: '师',
        summary: '',
        durationSec: 60,
        sort: 1,
        media: { file: source },
      },
    ],
  });
  const fetchMedia: FetchMedia = (sha256, request) => station.client.media(sha256, request);
  return { station, dir, body, sha256: sha256Of(body), fetchMedia };
}
