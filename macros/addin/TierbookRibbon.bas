Attribute VB_Name = "TierbookRibbon"
' tierbook ribbon: every button of the tierbook tab calls OnAction; its Tag names the
' Python entry point (macros.ribbon.dispatch). New buttons need only customUI XML and Python.
' ASCII only: VBA source is stored in the project's code page, which varies by Windows locale.
Option Explicit

Sub OnAction(control As IRibbonControl)
    RunPython "import macros.ribbon as r; r.dispatch('" & control.Tag & "')"
End Sub
