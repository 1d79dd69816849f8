package com.example; public class Keep {}
