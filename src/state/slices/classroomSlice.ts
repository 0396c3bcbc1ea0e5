/** The classroom view (presentation mode, hidden items, tour, explanations, embed): in the URL. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState, StoreMutators } from '../storeTypes';
import { defaultClassroomView } from '../../model/viewCodec';
import type { ClassroomView } from '../../model/viewCodec';

export interface ClassroomSlice {
  classroom: ClassroomView;
  replaceClassroomView: (view: ClassroomView) => void;
  updateClassroomView: (patch: Partial<ClassroomView>) => void;
}

export const createClassroomSlice =
  (): StateCreator<AppState, StoreMutators, [], ClassroomSlice> => (set) => ({
    classroom: defaultClassroomView(),
    replaceClassroomView: (view) => set({ classroom: view }),
    updateClassroomView: (patch) => set((s) => ({ classroom: { ...s.classroom, ...patch } })),
  });

export const selectClassroom = (s: AppState) => s.classroom;
