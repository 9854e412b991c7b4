package web

import (
	"strconv"
	"text/template/parse"
)

// Filling in constants: in each language's copy of the templates, every fixed text (a T call
// with a message key and no arguments) and every static file's URL (Asset with a file name) is
// made a constant when the templates are parsed. html/template still escapes each for where it
// stands, as it escaped the call's result, so the page is the same; but a page no longer makes a
// hundred method calls through reflection to say the same words on every request (they were
// about a third of the CPU of rendering a list page).

// constants rewrites, in place, the calls under n that give the same text on every request.
func (k *Kit) constants(n parse.Node, lang string) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			k.constants(c, lang)
		}
	case *parse.ActionNode:
		k.constants(n.Pipe, lang)
	case *parse.IfNode:
		k.branch(&n.BranchNode, lang)
	case *parse.RangeNode:
		k.branch(&n.BranchNode, lang)
	case *parse.WithNode:
		k.branch(&n.BranchNode, lang)
	case *parse.TemplateNode:
		k.constants(n.Pipe, lang)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, cmd := range n.Cmds {
			k.constant(cmd, lang)
			for _, a := range cmd.Args {
				k.constants(a, lang)
			}
		}
	}
}

func (k *Kit) branch(b *parse.BranchNode, lang string) {
	k.constants(b.Pipe, lang)
	k.constants(b.List, lang)
	k.constants(b.ElseList, lang)
}

// constant turns a call of T or Asset with one constant string (on the page: dot, $, or .P in
// a partial) into the string it gives.
func (k *Kit) constant(cmd *parse.CommandNode, lang string) {
	if len(cmd.Args) != 2 {
		return
	}
	arg, ok := cmd.Args[1].(*parse.StringNode)
	if !ok {
		return
	}
	var method string
	switch f := cmd.Args[0].(type) {
	case *parse.FieldNode:
		if len(f.Ident) == 1 {
			method = f.Ident[0]
		} else if len(f.Ident) == 2 && f.Ident[0] == "P" {
			// Partials are called with dict "P" $ …: .P is the page.
			method = f.Ident[1]
		}
	case *parse.VariableNode:
		if len(f.Ident) == 2 && f.Ident[0] == "$" {
			method = f.Ident[1]
		}
	}
	var text string
	switch {
	case method == "T" && k.Bundle != nil:
		text = k.Bundle.T(lang, arg.Text)
	case method == "Asset" && k.static != nil:
		text = k.static.URL(arg.Text)
	default:
		return
	}
	arg.Text, arg.Quoted = text, strconv.Quote(text)
	cmd.Args = cmd.Args[1:]
}
