#ifndef LADDER_CGIT2_SHIM_H
#define LADDER_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call; these fixed-signature
 * wrappers expose the few options LadderGit needs. */

/* Sets the config search path of one level (GIT_CONFIG_LEVEL_GLOBAL, _XDG,
 * _SYSTEM); NULL restores libgit2's default for that level. */
static inline int ladder_git_set_search_path(git_config_level_t level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, (int)level, path);
}

/* Turns the check that a repository is owned by the current user on or off. */
static inline int ladder_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

#endif
