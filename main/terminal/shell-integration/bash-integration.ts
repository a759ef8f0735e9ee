import { shellScript } from './script-text';

/** File name of the bash startup file inside the integration directory. */
export const BASH_RC_FILE_NAME = 'firebreak-bashrc.bash';

/**
 * The file bash is started with (`bash --init-file <this> -i`). It replaces
 * ~/.bashrc as the startup file, so it first does what bash would have done
 * (a login shell's /etc/profile and ~/.bash_profile | ~/.bash_login |
 * ~/.profile, or an interactive shell's ~/.bashrc; bash itself still reads
 * /etc/bash.bashrc where it was built to), then installs the integration.
 *
 * Marks follow VS Code's OSC 633 (`shellIntegration-bash.sh`): D with the
 * exit status from the first PROMPT_COMMAND entry, P;Cwd and A from the last,
 * B at the end of PS1. E and C
 * come from PS0 rather than VS Code's DEBUG trap: PS0 is expanded for every
 * command bash reads, including a leading subshell like `(exit 3)` that a
 * DEBUG trap never sees, and it leaves the user's DEBUG trap, `$_` and
 * extdebug alone. Needs bash 4.4 or later; older bash gets no marks and the
 * session is shown as unintegrated. Unlike VS Code, every mark ends with the
 * session nonce, so output cannot forge any of them.
 *
 * Care taken for the user's setup:
 * - the nonce leaves the environment before any user file runs, so nothing
 *   the shell starts inherits it;
 * - an existing PROMPT_COMMAND (string or bash 5.1 array) still runs, between
 *   our first and last entries, and sees the command's `$?`; PS1 sees it too;
 * - an existing PS0 is kept after our marks;
 * - PS1 and PS0 are re-wrapped whenever the user's prompt code replaces them.
 */
export const BASH_RC_SCRIPT = shellScript`# Firebreak shell integration for bash. Written by Firebreak at start-up; edits are lost.

# The nonce authenticates every mark; take it out of the environment before
# any user file runs so that no program started from this shell inherits it.
__fb_nonce=$\{FIREBREAK_SHELL_NONCE:-}
__fb_login=$\{FIREBREAK_SHELL_LOGIN:-}
builtin unset FIREBREAK_SHELL_NONCE FIREBREAK_SHELL_LOGIN

# What bash would have read without --init-file.
if [[ $__fb_login == 1 ]]; then
	[[ -r /etc/profile ]] && builtin source /etc/profile
	if [[ -r ~/.bash_profile ]]; then
		builtin source ~/.bash_profile
	elif [[ -r ~/.bash_login ]]; then
		builtin source ~/.bash_login
	elif [[ -r ~/.profile ]]; then
		builtin source ~/.profile
	fi
else
	[[ -r ~/.bashrc ]] && builtin source ~/.bashrc
fi
builtin unset __fb_login

__fb_install() {
	# PS0 and the @P expansion arrived in bash 4.4; without them there are no marks and
	# Firebreak shows the session as unintegrated.
	if (( BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 4) )); then
		builtin return 0
	fi
	__fb_integrated=1
	__fb_status=0
	# A value no prompt has, so an empty PS1 or PS0 is wrapped too.
	__fb_wrapped_ps1=$'\x01'
	__fb_wrapped_ps0=$'\x01'
	__fb_command_number_escape='\#'
	__fb_last_command_number=$\{__fb_command_number_escape@P}
	__fb_history_before=''
	builtin printf -v __fb_b_mark '\e]633;B;%s\a' "$__fb_nonce"

	# Control characters and their \xNN escapes, built once without a fork.
	__fb_ctl_chars=()
	__fb_ctl_codes=()
	builtin local i hex ch
	for (( i = 1; i < 32; i++ )); do
		builtin printf -v hex '%02x' "$i"
		builtin printf -v ch "\\x$hex"
		__fb_ctl_chars+=("$ch")
		__fb_ctl_codes+=("\\x$hex")
	done

	if (( BASH_VERSINFO[0] > 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] >= 1) )); then
		PROMPT_COMMAND=(__fb_prompt_begin "$\{PROMPT_COMMAND[@]}" __fb_prompt_end)
	else
		PROMPT_COMMAND=$'__fb_prompt_begin\n'"$\{PROMPT_COMMAND:+$PROMPT_COMMAND$'\n'}"'__fb_prompt_end'
	fi
}

# Escapes as VS Code does: \ doubled, ; and control characters as \xNN.
# Sets __fb_escaped instead of printing, to spare a fork per mark.
__fb_escape() {
	builtin local value="$1" bs='\' i
	value=$\{value//"$bs"/"$bs$bs"}
	value=$\{value//";"/"$\{bs}x3b"}
	if [[ $value == *[[:cntrl:]]* ]]; then
		for (( i = 0; i < $\{#__fb_ctl_chars[@]}; i++ )); do
			value=$\{value//"$\{__fb_ctl_chars[i]}"/"$\{__fb_ctl_codes[i]}"}
		done
	fi
	__fb_escaped=$value
}

__fb_mark() {
	builtin printf '\e]633;%s;%s\a' "$1" "$__fb_nonce"
}

# First PROMPT_COMMAND entry: the command is over. Report it here, before
# the user's prompt code runs, so what that prints is not taken for the
# command's output; then hand the status on to that code and to PS1.
__fb_prompt_begin() {
	__fb_status=$?
	# A step's run mark (process-group.ts) belongs to its processes only, not to what is typed next.
	builtin unset FIREBREAK_STEP_RUN
	# \# counts the commands the shell executed: it moved iff a command ran
	# (an empty line or Ctrl-C at the prompt leaves it alone).
	builtin local command_number=$\{__fb_command_number_escape@P}
	if [[ $command_number != "$__fb_last_command_number" ]]; then
		__fb_last_command_number=$command_number
		__fb_mark "D;$__fb_status"
	fi
	builtin return "$__fb_status"
}

# Last PROMPT_COMMAND entry: report the cwd and the new prompt.
__fb_prompt_end() {
	__fb_escape "$PWD"
	__fb_mark "P;Cwd=$__fb_escaped"
	__fb_history_before=$(HISTTIMEFORMAT='' builtin history 1)
	# The user's prompt code may have replaced PS1 or PS0; wrap what is there now.
	if [[ $PS1 != "$__fb_wrapped_ps1" ]]; then
		__fb_wrapped_ps1="$PS1\[$__fb_b_mark\]"
		PS1=$__fb_wrapped_ps1
	fi
	if [[ $PS0 != "$__fb_wrapped_ps0" ]]; then
		__fb_wrapped_ps0='$(__fb_preexec_marks)'"$PS0"
		PS0=$__fb_wrapped_ps0
	fi
	__fb_mark A
	builtin return "$__fb_status"
}

# Expanded from PS0, which bash shows after reading a command and before
# running it, for every kind of command (a DEBUG trap misses "(exit 3)").
# Runs in the command substitution's subshell: it may print, not set state.
__fb_preexec_marks() {
	builtin local entry line='' exact=0 re='^ *[0-9]+[* ] '
	entry=$(HISTTIMEFORMAT='' builtin history 1)
	# The command is in history, exactly as typed, iff the newest entry
	# changed since the prompt (number or text: erasedups renumbers).
	# Otherwise (ignorespace, ignoredups, history off) the line is unknown and
	# reported as such rather than guessed.
	if [[ $entry != "$__fb_history_before" && $entry =~ $re ]]; then
		line=$\{entry#"$\{BASH_REMATCH[0]}"}
		exact=1
	fi
	__fb_escape "$line"
	if [[ $exact == 1 ]]; then
		__fb_mark "E;$__fb_escaped"
	else
		__fb_mark "E;$__fb_escaped;inexact"
	fi
	__fb_mark C
}

if [[ -n $__fb_nonce && -z $\{__fb_integrated:-} ]]; then
	__fb_install
fi
builtin unset -f __fb_install
`;
