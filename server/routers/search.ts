import { searchInput, searchLetters } from '@/server/search/search-letters';
import { can, router } from '@/server/trpc';

export const searchRouter = router({
  /** ค้นหา: the letters the person may open that match (server/search/search-letters.ts). */
  letters: can('open').input(searchInput).query(({ ctx, input }) => searchLetters(ctx.db, input)),
});
