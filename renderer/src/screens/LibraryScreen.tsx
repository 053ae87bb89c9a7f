// The course library: categories on the left, courses of the chosen one, search as you type
// (on the on-screen keys too: pinyin initials find titles without a Chinese input method).
import { useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import { errorText } from '../components/error-text.ts';
import { KeypadToggle, OnScreenKeys } from '../components/OnScreenKeys.tsx';
import { StorageMeter } from '../components/StorageMeter.tsx';
import { useStationCall } from '../hooks/use-station-call.ts';
import { useLocale } from '../i18n/locale.tsx';

const SEARCH_DELAY_MS = 150;

export function LibraryScreen({
  station,
  onOpenCourse,
}: {
  station: LecternApi;
  onOpenCourse: (courseId: string) => void;
}) {
  const { t } = useLocale();
  const categories = useStationCall(station, 'library.categories', {});
  const storage = useStationCall(station, 'media.storage', {});
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [keys, setKeys] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const firstCategory = categories.data?.categories[0]?.id ?? null;
  const shownCategory = categoryId ?? firstCategory;
  const courses = useStationCall(
    station,
    'library.courses',
    shownCategory && !query ? { categoryId: shownCategory, limit: 200 } : null,
  );
  const search = useStationCall(station, 'library.search', query ? { query, limit: 50 } : null);

  if (categories.error)
    return (
      <p className="notice notice-error" role="alert">
        {t('library.error', { message: errorText(t, categories.error) })}
      </p>
    );
  if (!categories.data) return <p className="notice">{t('home.loading')}</p>;
  if (categories.data.categories.length === 0)
    return (
      <p className="notice" data-testid="library-empty">
        {t('library.empty')}
      </p>
    );

  return (
    <main className="library">
      <div className="library-bar">
        <input
          type="search"
          className="search"
          placeholder={t('library.searchPlaceholder')}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          aria-label={t('library.searchPlaceholder')}
          data-testid="library-search"
        />
        <KeypadToggle open={keys} onToggle={() => setKeys(!keys)} testId="search-keypad-toggle" />
        {storage.data && <StorageMeter storage={storage.data} />}
      </div>
      {keys && (
        <OnScreenKeys
          value={typed}
          onChange={setTyped}
          layout="letters"
          maxLength={40}
          onDone={() => setKeys(false)}
          testId="search-keypad"
        />
      )}
      <nav className="categories" aria-label={t('library.categories')}>
        {categories.data.categories.map((category) => (
          <button
            type="button"
            key={category.id}
            className={category.id === shownCategory && !query ? 'category active' : 'category'}
            onClick={() => {
              setCategoryId(category.id);
              setTyped('');
              setQuery('');
            }}
          >
            {category.name} <span className="count">{category.courseCount}</span>
          </button>
        ))}
      </nav>
      <section className="courses" data-testid="course-list">
        {query ? (
          search.data && search.data.hits.length === 0 ? (
            <p className="notice">{t('library.noHits', { query })}</p>
          ) : (
            <ul className="hits">
              {search.data?.hits.map((hit) => (
                <li key={`${hit.courseId}/${hit.lessonId ?? ''}`}>
                  <button
                    type="button"
                    className="course-row"
                    onClick={() => onOpenCourse(hit.courseId)}
                    data-testid="search-hit"
                  >
                    <strong>{hit.title}</strong>
                    <span className="hint">
                      {hit.teacher}
                      {hit.lessonId ? ` · ${t('library.inCourse', { course: hit.courseTitle })}` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )
        ) : (
          <ul className="hits">
            {courses.data?.courses.map((course) => (
              <li key={course.id}>
                <button
                  type="button"
                  className="course-row"
                  onClick={() => onOpenCourse(course.id)}
                  data-testid="course-row"
                >
                  <strong>{course.title}</strong>
                  <span className="hint">
                    {t('library.courseLine', {
                      teacher: course.teacher,
                      lessons: course.lessonCount,
                      hours: course.creditHours,
                    })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
