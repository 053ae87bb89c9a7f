// The demo lessons that really play: small H.264/AAC faststart MP4 files committed under
// media/, made by make-media.ts. They form the demo catalogue's first course, so a demo
// station can download, verify and play something. sha256 and size are written here as
// constants — the hub must announce them before it reads a file — and playable.test.ts
// recomputes them from the files, so a regenerated fixture cannot drift unnoticed.
import { fileURLToPath } from 'node:url';

export interface PlayableLesson {
  /** Absolute path of the MP4 file. */
  file: string;
  sha256: string;
  size: number;
  durationSec: number;
  title: string;
  teacher: string;
}

/** The course these lessons make up; the catalogue lists it first, under 党史党建. */
export const PLAYABLE_COURSE = {
  categoryId: 'cat-03',
  title: '中国共产党党史专题：伟大建党精神与百年奋斗历程',
  teacher: '张明远\u3000中共中央党校（国家行政学院）党史教研部教授',
  summary:
    '本课程为讲台演示课程，五讲视频均为可播放的示例短片。课程以时间为线索，回顾中国共产党百年奋斗的重大成就和历史经验。',
} as const;

const media = (name: string): string => fileURLToPath(new URL(`./media/${name}`, import.meta.url));

export const PLAYABLE_LESSONS: PlayableLesson[] = [
  {
    file: media('lesson-1.mp4'),
    sha256: '98f7e33aea26fc21da74b3542517daebca3ab2ef76e59393ce2e2546288ac3e5',
    size: 89122,
    durationSec: 12,
    title: '第1讲\u3000伟大建党精神的深刻内涵',
    teacher: PLAYABLE_COURSE.teacher,
  },
  {
    file: media('lesson-2.mp4'),
    sha256: '55ffb824371e97338a45ad66862b94295614d4bd6df3e11516647bea8644565b',
    size: 73132,
    durationSec: 10,
    title: '第2讲\u3000新民主主义革命的伟大成就',
    teacher: PLAYABLE_COURSE.teacher,
  },
  {
    file: media('lesson-3.mp4'),
    sha256: '8b4a4798f7ea7f01d1a712f5c8b0db5acbe289dc62dca054c636de8f4e7d9db3',
    size: 101163,
    durationSec: 14,
    title: '第3讲\u3000社会主义革命和建设的艰辛探索',
    teacher: PLAYABLE_COURSE.teacher,
  },
  {
    file: media('lesson-4.mp4'),
    sha256: 'ae60436121f835994d14a94a7c9e79e7b4d01c01328d4b9db76f6f2ff61ebe8e',
    size: 84443,
    durationSec: 12,
    title: '第4讲\u3000改革开放的历史性转折',
    teacher: PLAYABLE_COURSE.teacher,
  },
  {
    file: media('lesson-5.mp4'),
    sha256: '1e77a4e319ada88d0d977450e6053f4384587e37d5b2c477886968a36b54a10b',
    size: 73911,
    durationSec: 10,
    title: '第5讲\u3000新时代的历史性成就和历史性变革',
    teacher: PLAYABLE_COURSE.teacher,
  },
];
