// The library.* and media.* contract channels: the catalogue cache joined with each
// lesson's offline state from the media service.
import type { LessonView, MediaState } from '../../preload/contract/channels.ts';
import { ContractError } from '../../preload/contract/errors.ts';
import { courseDetail, listCategories, listCourses } from './catalog/browse.ts';
import { searchCatalog } from './catalog/search.ts';
import type { MediaState as ServiceState } from './media/media-service.ts';
import type { LibraryService } from './library-service.ts';
import { MEDIA_URL_PREFIX } from '../../preload/contract/wire-names.ts';
import type { Handlers } from '../runtime/router.ts';
import { lessonMedia } from './catalog/lesson-media.ts';

type LibraryHandlers = Pick<
  Handlers,
  | 'library.categories'
  | 'library.courses'
  | 'library.search'
  | 'library.course'
  | 'media.download'
  | 'media.pin'
  | 'media.storage'
>;

/** The service's state without its internals (priority, pin): what a screen shows. */
export function contractMediaState(state: ServiceState): MediaState {
  switch (state.state) {
    case 'downloading':
      return {
        state: 'downloading',
        receivedBytes: state.receivedBytes,
        totalBytes: state.totalBytes,
        bytesPerSec: state.bytesPerSec,
        etaSec: state.etaSec,
      };
    case 'failed':
      return { state: 'failed', reason: state.reason, message: state.message };
    case 'queued':
      return { state: 'queued', waitingFor: state.waitingFor };
    default:
      return { state: state.state };
  }
}

export function mediaUrl(sha256: string): string {
  return `${MEDIA_URL_PREFIX}${sha256}`;
}

export function createLibraryHandlers(library: Pick<LibraryService, 'catalog' | 'media'>): LibraryHandlers {
  const { catalog, media } = library;
  const requireLessonMedia = (lessonId: string) => {
    const ref = lessonMedia(catalog, lessonId);
    if (ref === undefined)
      throw new ContractError({ code: 'VALIDATION', message: `No lesson ${lessonId} in the library` });
    if (ref === null)
      throw new ContractError({ code: 'VALIDATION', message: `Lesson ${lessonId} has no published recording yet` });
    return ref;
  };

  return {
    'library.categories': () => ({ categories: listCategories(catalog) }),
    'library.courses': (input) => listCourses(catalog, input),
    'library.search': (input) => ({ hits: searchCatalog(catalog, input) }),
    'library.course': (input) => {
      const detail = courseDetail(catalog, input.courseId);
      if (!detail) return null;
      const lessons = detail.lessons.map((lesson): LessonView => {
        const state = lesson.media ? media.state(lesson.media.sha256) : null;
        return {
          id: lesson.id,
          title: lesson.title,
          teacher: lesson.teacher,
          durationSec: lesson.durationSec,
          media: lesson.media,
          mediaState: state ? contractMediaState(state) : { state: 'unpublished' },
          pinned: state?.pinned ?? false,
          mediaUrl: lesson.media && state?.state === 'ready' ? mediaUrl(lesson.media.sha256) : null,
        };
      });
      return { course: detail.course, lessons };
    },
    'media.download': (input) => ({
      mediaState: contractMediaState(media.enqueue(requireLessonMedia(input.lessonId), 'request')),
    }),
    'media.pin': async (input) => {
      const ref = requireLessonMedia(input.lessonId);
      const state = input.pinned ? await media.pin(ref) : await media.unpin(ref.sha256);
      return { pinned: state.pinned };
    },
    'media.storage': () => {
      const meter = media.storage();
      return {
        usedBytes: meter.usedBytes,
        quotaBytes: meter.quotaBytes,
        freeBytes: meter.freeBytes,
        reserveBytes: meter.reserveBytes,
      };
    },
  };
}
