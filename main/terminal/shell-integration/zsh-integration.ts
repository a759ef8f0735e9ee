import { shellScript } from './script-text';

/**
 * zsh reads its startup files from $ZDOTDIR. Firebreak points ZDOTDIR at its
 * integration directory, whose files each source the user's file of the same
 * name from the user's real ZDOTDIR (or $HOME) and then hand back, so the
 * user's setup runs exactly as it would have. The last startup file (.zshrc
 * for an interactive shell, .zlogin for a login shell) restores ZDOTDIR and
 * installs the integration, so our hooks run after everything the user's
 * files added. User files are sourced at top level, never inside a function,
 * because `typeset` in a function would make the user's variables local.
 */

/** Our .zshenv: capture the nonce and the user's ZDOTDIR, then the user's .zshenv. */
const ZSHENV = shellScript`# Firebreak shell integration for zsh. Written by Firebreak at start-up; edits are lost.
# Take the nonce out of the environment before any user file runs.
__fb_nonce=$\{FIREBREAK_SHELL_NONCE-}
__fb_zdotdir=$ZDOTDIR
__fb_user_zdotdir=$\{FIREBREAK_USER_ZDOTDIR-}
unset FIREBREAK_SHELL_NONCE FIREBREAK_USER_ZDOTDIR
if [[ -n $__fb_user_zdotdir ]]; then ZDOTDIR=$__fb_user_zdotdir; else unset ZDOTDIR; fi
[[ -r $\{__fb_user_zdotdir:-$HOME}/.zshenv ]] && builtin source "$\{__fb_user_zdotdir:-$HOME}/.zshenv"
# The user's .zshenv may move ZDOTDIR; later files come from there.
__fb_user_zdotdir=$\{ZDOTDIR-}
ZDOTDIR=$__fb_zdotdir
`;

/** Sources the user's file of this name with ZDOTDIR set as the user expects. */
function sourceUserFile(name: string): string {
  return (
    shellScript`if [[ -n $__fb_user_zdotdir ]]; then ZDOTDIR=$__fb_user_zdotdir; else unset ZDOTDIR; fi
[[ -r $\{__fb_user_zdotdir:-$HOME}/NAME ]] && builtin source "$\{__fb_user_zdotdir:-$HOME}/NAME"
__fb_user_zdotdir=$\{ZDOTDIR-}
ZDOTDIR=$__fb_zdotdir
`.replaceAll('NAME', name)
  );
}

/** Restores the user's ZDOTDIR for good and installs the integration. */
const FINISH = shellScript`if [[ -n $__fb_user_zdotdir ]]; then export ZDOTDIR=$__fb_user_zdotdir; else unset ZDOTDIR; fi
builtin source "$__fb_zdotdir/firebreak-integration.zsh"
`;

/**
 * The integration proper: OSC 633 marks from precmd/preexec hooks, each
 * ending with the nonce. Functions use `emulate -L zsh` so the user's options
 * (KSH_ARRAYS, GLOB_SUBST, ...) cannot change how they behave.
 */
const INTEGRATION = shellScript`# Firebreak shell integration for zsh: marks. Written by Firebreak at start-up; edits are lost.
if [[ -z $\{__fb_nonce-} || -n $\{__fb_integrated-} ]]; then
	unset __fb_nonce
	return 0
fi
typeset -g __fb_integrated=1 __fb_command_started=0 __fb_status=0 __fb_wrapped_ps1=$'\x01' __fb_escaped=''
typeset -ga __fb_ctl_chars __fb_ctl_codes
() {
	emulate -L zsh
	local i hex
	for (( i = 1; i < 32; i++ )); do
		builtin printf -v hex '%02x' $i
		__fb_ctl_chars+=("$\{(#)i}")
		__fb_ctl_codes+=("\\x$hex")
	done
}
typeset -g __fb_b_mark
builtin printf -v __fb_b_mark '\e]633;B;%s\a' "$__fb_nonce"

# Escapes as VS Code does: \ doubled, ; and control characters as \xNN.
__fb_escape() {
	emulate -L zsh
	local value=$1 bs='\' i
	value=$\{value//$bs/$bs$bs}
	value=$\{value//;/$\{bs}x3b}
	if [[ $value == *[[:cntrl:]]* ]]; then
		for (( i = 1; i <= $#__fb_ctl_chars; i++ )); do
			value=$\{value//$__fb_ctl_chars[i]/$__fb_ctl_codes[i]}
		done
	fi
	__fb_escaped=$value
}

__fb_mark() {
	builtin printf '\e]633;%s;%s\a' "$1" "$__fb_nonce"
}

# First precmd hook: the command is over. Report it before the user's hooks
# run, so what they print is not taken for the command's output.
__fb_precmd_status() {
	__fb_status=$?
	# A step's run mark (process-group.ts) belongs to its processes only, not to what is typed next.
	builtin unset FIREBREAK_STEP_RUN
	if (( __fb_command_started )); then
		__fb_mark "D;$__fb_status"
		__fb_command_started=0
	fi
	return $__fb_status
}

# Last precmd hook: report the cwd and the new prompt.
__fb_precmd() {
	emulate -L zsh
	__fb_escape "$PWD"
	__fb_mark "P;Cwd=$__fb_escaped"
	# Themes rebuild PS1 in their own precmd hooks; wrap whatever they made.
	if [[ $PS1 != "$__fb_wrapped_ps1" ]]; then
		__fb_wrapped_ps1="$PS1%{$__fb_b_mark%}"
		PS1=$__fb_wrapped_ps1
	fi
	__fb_mark A
	return $__fb_status
}

# preexec gets the line as typed in $1 when history is active, else the
# executed text in $3, which is an approximation (aliases expanded).
__fb_preexec() {
	emulate -L zsh
	local line=$1 exact=1
	if [[ -z $line ]]; then
		line=$3
		exact=0
	fi
	__fb_escape "$line"
	if (( exact )); then
		__fb_mark "E;$__fb_escaped"
	else
		__fb_mark "E;$__fb_escaped;inexact"
	fi
	__fb_mark C
	__fb_command_started=1
}

precmd_functions=(__fb_precmd_status $\{precmd_functions[@]} __fb_precmd)
preexec_functions+=(__fb_preexec)
`;

/** The files Firebreak writes into the directory it sets as ZDOTDIR, by file name. */
export const ZSH_DOTDIR_FILES: Readonly<Record<string, string>> = {
  '.zshenv': ZSHENV,
  '.zprofile': sourceUserFile('.zprofile'),
  '.zshrc': `${sourceUserFile('.zshrc')}if [[ ! -o login ]]; then\n${FINISH}fi\n`,
  '.zlogin': `${sourceUserFile('.zlogin')}${FINISH}`,
  'firebreak-integration.zsh': INTEGRATION,
};
