package dev.svcctl.dist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Shell completion (bash, zsh, fish) written from the picocli command model, so that a new command, option or
 * parameter is completed without touching this class. What a value completes to is read from the model:
 * <ul>
 * <li>an argument with completion candidates (e.g. {@code --backend}'s ids) completes to them;</li>
 * <li>an argument labelled {@code NAME} completes to the names of installed services ({@code svcctl list}, with the
 * {@code --user} and {@code --backend} already on the line);</li>
 * <li>an argument labelled {@code FILE} completes to spec files ({@code *.yaml}, {@code *.yml}) and directories;</li>
 * <li>any other argument of type {@link Path}: directories when labelled {@code DIR}, else files;</li>
 * <li>anything else (numbers, paths on another machine) completes to nothing.</li>
 * </ul>
 * Hidden commands and options are left out.
 */
final class Completion {
    /** What a value completes to. */
    enum Kind { NONE, WORDS, SERVICES, SPECS, DIRS, FILES }

    /** An option of a command, as completion sees it. */
    record Option(List<String> names, String description, Kind kind, List<String> words) {
        boolean takesValue() {
            return kind != null;
        }
    }

    /** A command: its options and what its positional parameters complete to. */
    record Command(String name, String description, List<Option> options, Kind positional, int maxPositionals,
            List<String> positionalWords) {
    }

    private final List<Option> rootOptions;
    private final List<Command> commands = new ArrayList<>();

    Completion(CommandLine root) {
        this.rootOptions = options(root.getCommandSpec());
        for (Map.Entry<String, CommandLine> entry : root.getSubcommands().entrySet()) {
            CommandSpec spec = entry.getValue().getCommandSpec();
            if (spec.usageMessage().hidden()) {
                continue;
            }
            Kind positional = Kind.NONE;
            int max = 0;
            List<String> words = List.of();
            if (spec.userObject() instanceof CommandLine.HelpCommand) {
                positional = Kind.WORDS;
                max = 1;
                words = visibleNames(root);
            } else if (!spec.positionalParameters().isEmpty()) {
                PositionalParamSpec first = spec.positionalParameters().get(0);
                positional = kind(first);
                words = candidates(first);
                max = 0;
                for (PositionalParamSpec p : spec.positionalParameters()) {
                    int m = p.arity().max();
                    max = (m == Integer.MAX_VALUE || max == Integer.MAX_VALUE) ? Integer.MAX_VALUE : max + m;
                }
            }
            commands.add(new Command(entry.getKey(), firstLine(spec.usageMessage().description()), options(spec),
                    positional, max, words));
        }
    }

    List<Command> commands() {
        return commands;
    }

    private static List<String> visibleNames(CommandLine root) {
        List<String> names = new ArrayList<>();
        root.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                names.add(name);
            }
        });
        return names;
    }

    private static List<Option> options(CommandSpec spec) {
        List<Option> options = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            boolean valued = option.arity().max() > 0;
            options.add(new Option(List.of(option.names()), firstLine(option.description()),
                    valued ? kind(option) : null, valued ? candidates(option) : List.of()));
        }
        return options;
    }

    private static List<String> candidates(ArgSpec arg) {
        List<String> words = new ArrayList<>();
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(words::add);
        }
        return words;
    }

    static Kind kind(ArgSpec arg) {
        if (arg.completionCandidates() != null && arg.completionCandidates().iterator().hasNext()) {
            return Kind.WORDS;
        }
        String label = arg.paramLabel().replaceAll("[<>.]", "");
        if (label.equals("NAME")) {
            return Kind.SERVICES;
        }
        if (label.equals("FILE")) {
            return Kind.SPECS;
        }
        boolean path = arg.type() == Path.class || List.of(arg.auxiliaryTypes()).contains(Path.class);
        if (path) {
            return label.equals("DIR") ? Kind.DIRS : Kind.FILES;
        }
        return Kind.NONE;
    }

    private static String firstLine(String[] description) {
        if (description == null || description.length == 0) {
            return "";
        }
        String line = description[0].replace("${DEFAULT-VALUE}", "").strip();
        int stop = line.indexOf(". ");
        if (stop > 0) {
            line = line.substring(0, stop);
        }
        if (line.endsWith(".")) {
            line = line.substring(0, line.length() - 1);
        }
        int semicolon = line.indexOf(';');
        return semicolon > 0 ? line.substring(0, semicolon) : line;
    }

    // ---------------------------------------------------------------------------------------------------- bash

    String bash() {
        StringBuilder s = new StringBuilder();
        s.append("""
                # bash completion for svcctl                                  -*- shell-script -*-
                # Generated from svcctl's command model by the build: do not edit.
                # Installed by the .deb as /usr/share/bash-completion/completions/svcctl (bash-completion loads it
                # the first time svcctl is completed). From the archive: source completion/svcctl.bash from ~/.bashrc,
                # or copy it to ~/.local/share/bash-completion/completions/svcctl.
                # Service names come from 'svcctl list' (one JVM start per completion of a name).

                # The names of the installed services, for the --user and --backend already on the line.
                _svcctl_service_names() {
                    local IFS=$' \\t\\n'
                    local -a args=(list)
                    [[ -n $_svcctl_user ]] && args+=(--user)
                    [[ -n $_svcctl_backend ]] && args+=(--backend "$_svcctl_backend")
                    "${COMP_WORDS[0]}" "${args[@]}" 2>/dev/null </dev/null | while read -r name _; do
                        [[ -n $name ]] && printf '%s\\n' "$name"
                    done
                }

                # Fills COMPREPLY with what a value of KIND completes to (WORDS: the rest of the arguments).
                _svcctl_complete_value() {
                    local kind=$1 cur=$2
                    shift 2
                    local IFS=$'\\n'
                    case $kind in
                        WORDS) COMPREPLY=($(compgen -W "$*" -- "$cur")) ;;
                        SERVICES) COMPREPLY=($(compgen -W "$(_svcctl_service_names)" -- "$cur")) ;;
                        SPECS)
                            compopt -o filenames 2>/dev/null
                            if declare -F _filedir >/dev/null; then
                                _filedir '@(yaml|yml)'
                            else
                                COMPREPLY=($(compgen -d -- "$cur"; compgen -f -X '!*.@(yaml|yml)' -- "$cur"))
                            fi
                            ;;
                        DIRS)
                            compopt -o filenames 2>/dev/null
                            COMPREPLY=($(compgen -d -- "$cur"))
                            ;;
                        FILES)
                            compopt -o filenames 2>/dev/null
                            COMPREPLY=($(compgen -f -- "$cur"))
                            ;;
                        *) COMPREPLY=() ;;
                    esac
                }

                """);
        s.append("_svcctl_commands='").append(String.join(" ", commands.stream().map(Command::name).toList()))
                .append("'\n\n");
        s.append("_svcctl() {\n");
        s.append("    shopt -s extglob 2>/dev/null\n");
        s.append("    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n");
        s.append("    local _svcctl_user= _svcctl_backend= command= i word positionals=0 options= valued=\n");
        s.append("    COMPREPLY=()\n");
        s.append("    for ((i = 1; i < COMP_CWORD; i++)); do\n");
        s.append("        word=${COMP_WORDS[i]}\n");
        s.append("        case $word in\n");
        s.append("            --user) _svcctl_user=1 ;;\n");
        s.append("            -b | --backend) _svcctl_backend=${COMP_WORDS[i+1]} ;;\n");
        s.append("            --backend=*) _svcctl_backend=${word#--backend=} ;;\n");
        s.append("        esac\n");
        s.append("        if [[ -z $command ]]; then\n");
        s.append("            case $word in\n");
        String rootValued = valuedPattern(rootOptions);
        if (!rootValued.isEmpty()) {
            s.append("                ").append(rootValued).append(") ((i++)) ;;\n");
        }
        s.append("                -*) ;;\n");
        s.append("                *) command=$word ;;\n");
        s.append("            esac\n");
        s.append("            continue\n");
        s.append("        fi\n");
        s.append("        case $command in\n");
        for (Command c : commands) {
            String valued = valuedPattern(c.options());
            if (!valued.isEmpty()) {
                s.append("            ").append(c.name()).append(")\n");
                s.append("                case $word in\n");
                s.append("                    ").append(valued).append(") ((i++)); continue ;;\n");
                s.append("                esac\n");
                s.append("                ;;\n");
            }
        }
        s.append("        esac\n");
        s.append("        case $word in\n");
        s.append("            -*) ;;\n");
        s.append("            *) ((positionals++)) ;;\n");
        s.append("        esac\n");
        s.append("    done\n");
        s.append("    if [[ -z $command ]]; then\n");
        appendBashValueCases(s, rootOptions, "        ");
        s.append("        if [[ $cur == -* ]]; then\n");
        s.append("            COMPREPLY=($(compgen -W '").append(optionNames(rootOptions)).append("' -- \"$cur\"))\n");
        s.append("        else\n");
        s.append("            COMPREPLY=($(compgen -W \"$_svcctl_commands\" -- \"$cur\"))\n");
        s.append("        fi\n");
        s.append("        return 0\n");
        s.append("    fi\n");
        s.append("    case $command in\n");
        for (Command c : commands) {
            s.append("        ").append(c.name()).append(")\n");
            appendBashValueCases(s, c.options(), "            ");
            s.append("            if [[ $cur == -* ]]; then\n");
            s.append("                COMPREPLY=($(compgen -W '").append(optionNames(c.options()))
                    .append("' -- \"$cur\"))\n");
            if (c.positional() != Kind.NONE) {
                s.append("            elif ((positionals < ").append(Math.min(c.maxPositionals(), 1_000_000))
                        .append(")); then\n");
                s.append("                _svcctl_complete_value ").append(c.positional()).append(" \"$cur\"");
                for (String w : c.positionalWords()) {
                    s.append(' ').append(shellWord(w));
                }
                s.append('\n');
            }
            s.append("            fi\n");
            s.append("            ;;\n");
        }
        s.append("    esac\n");
        s.append("    return 0\n");
        s.append("}\n\n");
        s.append("complete -F _svcctl svcctl\n");
        return s.toString();
    }

    private static void appendBashValueCases(StringBuilder s, List<Option> options, String indent) {
        List<Option> valued = options.stream().filter(Option::takesValue).toList();
        if (valued.isEmpty()) {
            return;
        }
        s.append(indent).append("case $prev in\n");
        for (Option o : valued) {
            s.append(indent).append("    ").append(String.join(" | ", o.names())).append(")\n");
            s.append(indent).append("        _svcctl_complete_value ").append(o.kind()).append(" \"$cur\"");
            for (String w : o.words()) {
                s.append(' ').append(shellWord(w));
            }
            s.append("\n").append(indent).append("        return 0\n");
            s.append(indent).append("        ;;\n");
        }
        s.append(indent).append("esac\n");
    }

    private static String valuedPattern(List<Option> options) {
        return String.join(" | ", options.stream().filter(Option::takesValue).flatMap(o -> o.names().stream())
                .toList());
    }

    private static String optionNames(List<Option> options) {
        return String.join(" ", options.stream().flatMap(o -> o.names().stream()).toList());
    }

    private static String shellWord(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    // ---------------------------------------------------------------------------------------------------- zsh

    String zsh() {
        StringBuilder s = new StringBuilder();
        s.append("""
                #compdef svcctl
                # zsh completion for svcctl. Generated from svcctl's command model by the build: do not edit.
                # Installed by the .deb as /usr/share/zsh/vendor-completions/_svcctl. From the archive: put
                # completion/_svcctl in a directory on $fpath (e.g. ~/.zfunc, with fpath+=(~/.zfunc) before compinit).
                # Service names come from 'svcctl list' (one JVM start per completion of a name).

                _svcctl_service_names() {
                  local -a args names
                  args=(list)
                  (( ${words[(I)--user]} )) && args+=(--user)
                  local i=${words[(I)(-b|--backend)]}
                  (( i )) && args+=(--backend ${words[i+1]})
                  names=(${(f)"$($_svcctl_command $args 2>/dev/null </dev/null | while read -r name rest; do print -r -- $name; done)"})
                  _describe -t services 'service' names
                }

                """);
        s.append("_svcctl() {\n");
        s.append("  local curcontext=$curcontext state line ret=1\n");
        s.append("  local _svcctl_command=$words[1]  # as typed (bin/svcctl...): _arguments -C shifts words\n");
        s.append("  local -a commands\n");
        s.append("  commands=(\n");
        for (Command c : commands) {
            s.append("    ").append(zshQuote(c.name() + ":" + c.description().replace(":", "\\:"))).append('\n');
        }
        s.append("  )\n");
        s.append("  _arguments -C \\\n");
        for (Option o : rootOptions) {
            s.append("    ").append(zshOption(o)).append(" \\\n");
        }
        s.append("    '1: :->command' \\\n");
        s.append("    '*:: :->argument' && ret=0\n");
        s.append("  case $state in\n");
        s.append("    command) _describe -t commands 'svcctl command' commands && ret=0 ;;\n");
        s.append("    argument)\n");
        s.append("      curcontext=${curcontext%:*:*}:svcctl-$words[1]:\n");
        s.append("      case $words[1] in\n");
        for (Command c : commands) {
            s.append("        ").append(c.name()).append(")\n");
            s.append("          _arguments -s -S");
            for (Option o : c.options()) {
                s.append(" \\\n            ").append(zshOption(o));
            }
            if (c.positional() != Kind.NONE) {
                String action = zshAction(c.positional(), c.positionalWords());
                String message = c.positional() == Kind.SERVICES ? "service" : c.positional() == Kind.SPECS
                        ? "spec file" : "argument";
                String spec = c.maxPositionals() == Integer.MAX_VALUE ? "*:" + message + ":" + action
                        : ":" + message + ":" + action;
                s.append(" \\\n            ").append(zshQuote(spec));
            }
            s.append(" && ret=0\n");
            s.append("          ;;\n");
        }
        s.append("      esac\n");
        s.append("      ;;\n");
        s.append("  esac\n");
        s.append("  return ret\n");
        s.append("}\n\n");
        s.append("if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n");
        s.append("  _svcctl \"$@\"\n");
        s.append("else\n");
        s.append("  compdef _svcctl svcctl\n");
        s.append("fi\n");
        return s.toString();
    }

    private static String zshOption(Option o) {
        String description = "[" + o.description().replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
                + "]";
        String value = "";
        if (o.takesValue()) {
            value = ":" + o.kind().name().toLowerCase(java.util.Locale.ROOT) + ":" + zshAction(o.kind(), o.words());
        }
        if (o.names().size() == 1) {
            return zshQuote(o.names().get(0) + description + value);
        }
        String exclusions = "(" + String.join(" ", o.names()) + ")";
        return zshQuote(exclusions) + "{" + String.join(",", o.names()) + "}" + zshQuote(description + value);
    }

    private static String zshAction(Kind kind, List<String> words) {
        return switch (kind) {
            case WORDS -> "(" + String.join(" ", words) + ")";
            case SERVICES -> "_svcctl_service_names";
            case SPECS -> "_files -g \"*.(yaml|yml)(-.)\"";
            case DIRS -> "_files -/";
            case FILES -> "_files";
            case NONE -> " ";
        };
    }

    private static String zshQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    // ---------------------------------------------------------------------------------------------------- fish

    String fish() {
        StringBuilder s = new StringBuilder();
        s.append("""
                # fish completion for svcctl. Generated from svcctl's command model by the build: do not edit.
                # Installed by the .deb as /usr/share/fish/vendor_completions.d/svcctl.fish. From the archive: copy
                # completion/svcctl.fish to ~/.config/fish/completions/.
                # Service names come from 'svcctl list' (one JVM start per completion of a name).

                function __svcctl_service_names
                    set -l tokens (commandline -opc)
                    set -l args list
                    contains -- --user $tokens; and set -a args --user
                    set -l i (contains -i -- --backend $tokens; or contains -i -- -b $tokens)
                    if test -n "$i"; and test (count $tokens) -gt $i
                        set -a args --backend $tokens[(math $i + 1)]
                    end
                    $tokens[1] $args 2>/dev/null </dev/null | string replace -r '\\s.*' ''
                end

                function __svcctl_spec_files
                    __fish_complete_suffix .yaml
                    __fish_complete_suffix .yml
                end

                complete -c svcctl -f
                """);
        for (Option o : rootOptions) {
            s.append(fishOption("__fish_use_subcommand", o));
        }
        for (Command c : commands) {
            String condition = "__fish_seen_subcommand_from " + c.name();
            s.append("complete -c svcctl -n __fish_use_subcommand -a ").append(c.name()).append(" -d ")
                    .append(shellWord(c.description())).append('\n');
            for (Option o : c.options()) {
                s.append(fishOption(condition, o));
            }
            if (c.positional() != Kind.NONE) {
                s.append("complete -c svcctl -n '").append(condition).append("' ").append(fishValue(c.positional(),
                        c.positionalWords())).append('\n');
            }
        }
        return s.toString();
    }

    private static String fishOption(String condition, Option o) {
        StringBuilder s = new StringBuilder("complete -c svcctl -n '").append(condition).append("'");
        for (String name : o.names()) {
            s.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
        }
        s.append(" -d ").append(shellWord(o.description()));
        if (o.takesValue()) {
            s.append(" -r");
            if (o.kind() != Kind.NONE) {
                s.append(' ').append(fishValue(o.kind(), o.words()));
            }
        }
        return s.append('\n').toString();
    }

    private static String fishValue(Kind kind, List<String> words) {
        return switch (kind) {
            case WORDS -> "-a " + shellWord(String.join(" ", words));
            case SERVICES -> "-a '(__svcctl_service_names)'";
            case SPECS -> "-a '(__svcctl_spec_files)'";
            case DIRS -> "-a '(__fish_complete_directories)'";
            case FILES -> "-F";
            case NONE -> "";
        };
    }
}
