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
 * Marks follow VS Code's OSC 633 (`shellIntegration-bash.sh`): A from
 * PROMPT_COMMAND, B at the end of PS1, E and C from a DEBUG trap, D with the
 * exit status and P;Cwd from PROMPT_COMMAND. Unlike VS Code, every mark ends
 * with the session nonce, so output cannot forge any of them.
 *
 * Care taken for the user's setup:
 * - the nonce leaves the environment before any user file runs, so nothing
 *   the shell starts inherits it;
 * - an existing PROMPT_COMMAND (string or bash 5.1 array) still runs, between
 *   our first and last entries, and sees the command's `$?`; PS1 sees it too;
 * - an existing DEBUG trap still runs; `$_` survives the trap;
 * - PS1 is re-wrapped whenever the user's prompt code replaces it.
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
	__fb_integrated=1
	__fb_in_command=1
	__fb_command_started=0
	__fb_status=0
	__fb_wrapped_ps1=''
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

	# Keep whatever DEBUG trap the user's files installed and run it from ours.
	builtin local -a terms
	builtin eval "terms=( $(builtin trap -p DEBUG) )"
	__fb_user_debug_trap=$\{terms[2]:-}

	if (( BASH_VERSINFO[0] > 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] >= 1) )); then
		PROMPT_COMMAND=(__fb_prompt_begin "$\{PROMPT_COMMAND[@]}" __fb_prompt_end)
	else
		PROMPT_COMMAND=$'__fb_prompt_begin\n'"$\{PROMPT_COMMAND:+$PROMPT_COMMAND$'\n'}"'__fb_prompt_end'
	fi
	builtin trap '__fb_debug_trap "$_"' DEBUG
}

# Escapes as VS Code does: \ doubled, ; and control characters as \xNN.
# Sets __fb_escaped instead of printing, to spare a fork per mark.
__fb_escape() {
	builtin local value=$1 bs='\' i
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

__fb_set_status() {
	builtin return "$1"
}

# First PROMPT_COMMAND entry: remember the command's status, hand it on.
__fb_prompt_begin() {
	__fb_status=$?
	__fb_in_command=1
	builtin return "$__fb_status"
}

# Last PROMPT_COMMAND entry: report the finished command, then the new prompt.
__fb_prompt_end() {
	if [[ $__fb_command_started == 1 ]]; then
		__fb_mark "D;$__fb_status"
		__fb_command_started=0
	fi
	__fb_escape "$PWD"
	__fb_mark "P;Cwd=$__fb_escaped"
	__fb_history_before=$(HISTTIMEFORMAT='' builtin history 1)
	if [[ $PS1 != "$__fb_wrapped_ps1" ]]; then
		__fb_wrapped_ps1="$PS1\[$__fb_b_mark\]"
		PS1=$__fb_wrapped_ps1
	fi
	__fb_mark A
	__fb_in_command=0
	builtin return "$__fb_status"
}

# The first simple command after a prompt is the start of the user's command.
__fb_preexec() {
	builtin local entry line exact=1 re='^ *[0-9]+[* ] '
	entry=$(HISTTIMEFORMAT='' builtin history 1)
	# A new history entry is the line exactly as typed. Without one
	# (ignorespace, ignoredups, history off) fall back to BASH_COMMAND: the
	# first simple command, aliases expanded.
	if [[ -n $entry && $entry != "$__fb_history_before" && $entry =~ $re ]]; then
		line=$\{entry#"$\{BASH_REMATCH[0]}"}
	else
		line=$BASH_COMMAND
		exact=0
	fi
	__fb_escape "$line"
	if [[ $exact == 1 ]]; then
		__fb_mark "E;$__fb_escaped"
	else
		__fb_mark "E;$__fb_escaped;inexact"
	fi
	__fb_mark C
	__fb_command_started=1
}

__fb_debug_trap() {
	builtin local status=$?
	# Only at top level: with functrace the trap also fires inside functions.
	if [[ $__fb_in_command == 0 && $\{#FUNCNAME[@]} -le 1 ]]; then
		__fb_in_command=1
		# An empty line or Ctrl-C at the prompt runs PROMPT_COMMAND and nothing else.
		if [[ $BASH_COMMAND != __fb_prompt_begin* ]]; then
			__fb_preexec
		fi
	fi
	if [[ -n $__fb_user_debug_trap ]]; then
		__fb_set_status "$status"
		builtin eval "$__fb_user_debug_trap"
		builtin return
	fi
	# Under extdebug a non-zero status here would skip the user's command.
	builtin return 0
}

if [[ -n $__fb_nonce && -z $\{__fb_integrated:-} ]]; then
	__fb_install
fi
builtin unset -f __fb_install
`;
